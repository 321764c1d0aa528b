;; ξ_i = ν·log ρ_i + ψ_i for pairs of cells (WebAssembly SIMD, f64x2): the logarithm of fdlibm's
;; e_log.c (argument reduction ρ = 2^k·m, m ∈ [√½, √2), f = m − 1, s = f/(2 + f), log m =
;; f − (f²/2 − s(f²/2 + R(s²))) with its degree-14 polynomial R, k·ln2 in two parts), without
;; its branches: accurate to < 1 ulp for every positive normal ρ. Cells whose ρ is not a positive
;; normal number (0, subnormal, negative, ∞, NaN) get NaN and are counted: the caller recomputes
;; them. Layout: ρ at byte 0, ψ at 8n, ξ at 16n; n even.
(module
  (memory (export "memory") 1)
  (func (export "entropyVariation") (param $n i32) (param $nu f64) (result i32)
    (local $i i32) (local $pr i32) (local $pp i32) (local $po i32) (local $bad i32)
    (local $x v128) (local $u v128) (local $k v128) (local $m v128) (local $f v128) (local $s v128)
    (local $z v128) (local $w v128) (local $R v128) (local $hfsq v128) (local $e v128)
    (local $mask v128) (local $out v128) (local $vnu v128)
    (local.set $vnu (f64x2.splat (local.get $nu)))
    (local.set $pp (i32.shl (local.get $n) (i32.const 3)))
    (local.set $po (i32.shl (local.get $n) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (v128.load (local.get $pr)))
        ;; not a positive normal: bits < 2^52 (0, subnormal; negatives are < 0 as i64) or ≥ ∞
        (local.set $mask
          (v128.or
            (i64x2.lt_s (local.get $x) (i64x2.splat (i64.const 0x0010000000000000)))
            (i64x2.ge_s (local.get $x) (i64x2.splat (i64.const 0x7ff0000000000000)))))
        ;; k and m with m ∈ [√½, √2): shift the bits by 1 − √½·2^0 before splitting
        (local.set $u (i64x2.add (local.get $x) (i64x2.splat (i64.const 0x00095f619980c433))))
        (local.set $k
          (i64x2.sub (i64x2.shr_u (local.get $u) (i32.const 52)) (i64x2.splat (i64.const 1023))))
        (local.set $m
          (i64x2.add
            (v128.and (local.get $u) (i64x2.splat (i64.const 0x000fffffffffffff)))
            (i64x2.splat (i64.const 0x3fe6a09e667f3bcd))))
        (local.set $e
          (f64x2.convert_low_i32x4_s
            (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $k) (local.get $k))))
        (local.set $f (f64x2.sub (local.get $m) (f64x2.splat (f64.const 1))))
        (local.set $s (f64x2.div (local.get $f) (f64x2.add (f64x2.splat (f64.const 2)) (local.get $f))))
        (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
        (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
        ;; R = t2 + t1 with fdlibm's Lg1…Lg7
        (local.set $R
          (f64x2.add
            (f64x2.mul (local.get $z)
              (f64x2.add (f64x2.splat (f64.const 6.666666666666735130e-01))
                (f64x2.mul (local.get $w)
                  (f64x2.add (f64x2.splat (f64.const 2.857142874366239149e-01))
                    (f64x2.mul (local.get $w)
                      (f64x2.add (f64x2.splat (f64.const 1.818357216161805012e-01))
                        (f64x2.mul (local.get $w) (f64x2.splat (f64.const 1.479819860511658591e-01)))))))))
            (f64x2.mul (local.get $w)
              (f64x2.add (f64x2.splat (f64.const 3.999999999940941908e-01))
                (f64x2.mul (local.get $w)
                  (f64x2.add (f64x2.splat (f64.const 2.222219843214978396e-01))
                    (f64x2.mul (local.get $w) (f64x2.splat (f64.const 1.531383769920937332e-01)))))))))
        (local.set $hfsq (f64x2.mul (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $f) (local.get $f))))
        ;; log ρ = k·ln2_hi − ((hfsq − (s(hfsq + R) + k·ln2_lo)) − f); ξ = ν log ρ + ψ
        (local.set $out
          (f64x2.add (v128.load (local.get $pp))
            (f64x2.mul (local.get $vnu)
              (f64x2.sub
                (f64x2.mul (local.get $e) (f64x2.splat (f64.const 6.93147180369123816490e-01)))
                (f64x2.sub
                  (f64x2.sub (local.get $hfsq)
                    (f64x2.add
                      (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
                      (f64x2.mul (local.get $e) (f64x2.splat (f64.const 1.90821492927058770002e-10)))))
                  (local.get $f))))))
        (v128.store (local.get $po)
          (v128.bitselect (f64x2.splat (f64.const nan)) (local.get $out) (local.get $mask)))
        (local.set $bad
          (i32.add (local.get $bad) (i32.popcnt (i64x2.bitmask (local.get $mask)))))
        (local.set $pr (i32.add (local.get $pr) (i32.const 16)))
        (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
        (local.set $po (i32.add (local.get $po) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $next)))
    (local.get $bad)))
