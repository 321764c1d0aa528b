;; Single-precision twins of band.wat's convolution passes and of the two Sinkhorn updates,
;; for the float32 phase of the scaling-domain Sinkhorn (src/ot/float32Phase.ts): four cells
;; per f32x4 instruction instead of two per f64x2. Instantiated on the memory of a
;; SeparableGibbsKernel (src/ot/separableGibbsKernel.ts), next to band.wat.
;; Assembled by `npm run build:wasm` into band32.generated.ts. There is no JavaScript
;; fallback: without WebAssembly SIMD the float32 phase is simply not used.
;;
;; Pointers are byte offsets (4-byte aligned) of f32 arrays. `table` points at the k = 0
;; entry of a symmetric f32 weight table stored in full (offset k at table + 4k).
;; The pointwise loops run over quads of cells: `n` must be a multiple of 4 and the padding
;; cells of the marginal (w) must be 0 (they are then skipped like any cell with w = 0).
(module
  (import "env" "mem" (memory 1))

  ;; dst[c] = Σ_{k=kb(c)}^{ke(c)} table[k] · src[c + k·stride], c = 0 … count−1, summed in
  ;; the order k = kb, …, ke from +0; kb = kLo, ke = kHi, or with clip ≠ 0 (stride 1 on a
  ;; zero-padded line of `count` values) clipped per block of outputs to the k that read
  ;; inside the line (the others read padding zeros), as $bandClip of band.wat.
  ;; Blocks of 24 outputs in six f32x4 accumulators sharing one splat of table[k], then
  ;; blocks of 4, then single outputs.
  (func $band32
    (param $src i32) (param $dst i32) (param $count i32) (param $stride i32)
    (param $kLo i32) (param $kHi i32) (param $table i32) (param $clip i32)
    (local $sb i32) (local $kb i32) (local $ke i32) (local $q i32) (local $tEnd i32)
    (local $c i32) (local $p i32) (local $t i32) (local $o i32)
    (local $kv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128)
    (local $s f32)
    (local.set $sb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $c (i32.const 0))
    ;; ---- blocks of 24 outputs ----
    (block $done24
      (loop $blk24
        (br_if $done24 (i32.gt_u (i32.add (local.get $c) (i32.const 24)) (local.get $count)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $a4 (v128.const i64x2 0 0))
        (local.set $a5 (v128.const i64x2 0 0))
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            (local.set $q (i32.sub (i32.const -23) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 2))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 2))))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k24
              (local.set $kv (v128.load32_splat (local.get $t)))
              (local.set $a0 (f32x4.add (local.get $a0)
                (f32x4.mul (local.get $kv) (v128.load offset=0 align=4 (local.get $p)))))
              (local.set $a1 (f32x4.add (local.get $a1)
                (f32x4.mul (local.get $kv) (v128.load offset=16 align=4 (local.get $p)))))
              (local.set $a2 (f32x4.add (local.get $a2)
                (f32x4.mul (local.get $kv) (v128.load offset=32 align=4 (local.get $p)))))
              (local.set $a3 (f32x4.add (local.get $a3)
                (f32x4.mul (local.get $kv) (v128.load offset=48 align=4 (local.get $p)))))
              (local.set $a4 (f32x4.add (local.get $a4)
                (f32x4.mul (local.get $kv) (v128.load offset=64 align=4 (local.get $p)))))
              (local.set $a5 (f32x4.add (local.get $a5)
                (f32x4.mul (local.get $kv) (v128.load offset=80 align=4 (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 4)))
              (br_if $k24 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store offset=0 align=4 (local.get $o) (local.get $a0))
        (v128.store offset=16 align=4 (local.get $o) (local.get $a1))
        (v128.store offset=32 align=4 (local.get $o) (local.get $a2))
        (v128.store offset=48 align=4 (local.get $o) (local.get $a3))
        (v128.store offset=64 align=4 (local.get $o) (local.get $a4))
        (v128.store offset=80 align=4 (local.get $o) (local.get $a5))
        (local.set $c (i32.add (local.get $c) (i32.const 24)))
        (br $blk24)))
    ;; ---- blocks of 4 outputs ----
    (block $done4
      (loop $blk4
        (br_if $done4 (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $count)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            (local.set $q (i32.sub (i32.const -3) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 2))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 2))))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k4
              (local.set $a0 (f32x4.add (local.get $a0)
                (f32x4.mul (v128.load32_splat (local.get $t)) (v128.load align=4 (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 4)))
              (br_if $k4 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (v128.store align=4 (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2)))
          (local.get $a0))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $blk4)))
    ;; ---- single outputs ----
    (block $done1
      (loop $blk1
        (br_if $done1 (i32.ge_u (local.get $c) (local.get $count)))
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            (local.set $q (i32.sub (i32.const 0) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 2))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 2))))
        (local.set $s (f32.const 0))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k1
              (local.set $s (f32.add (local.get $s)
                (f32.mul (f32.load (local.get $t)) (f32.load (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 4)))
              (br_if $k1 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2)))
          (local.get $s))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $blk1))))

  ;; Copies `count` f32 from `from` to `to` (non-overlapping), four at a time.
  (func $copy32 (export "copy32") (param $from i32) (param $to i32) (param $count i32)
    (local $d i32) (local $end i32) (local $quadEnd i32)
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $quadEnd (i32.and (local.get $end) (i32.const -16)))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $d) (local.get $quadEnd)))
        (v128.store align=4 (i32.add (local.get $to) (local.get $d))
          (v128.load align=4 (i32.add (local.get $from) (local.get $d))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $quad)))
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $d) (local.get $end)))
        (f32.store (i32.add (local.get $to) (local.get $d))
          (f32.load (i32.add (local.get $from) (local.get $d))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $one))))

  ;; Pass along a non-contiguous axis (band.wat's `axis` on f32): n cells of index stride
  ;; `stride` over `outer` blocks; when cols < stride, in n × cols tiles gathered into
  ;; `scratch`:  dst[o, i, c] = Σ_{k=max(−w,−i)}^{min(w,n−1−i)} table[k] · src[o, i+k, c].
  (func (export "axis32")
    (param $src i32) (param $dst i32) (param $n i32) (param $stride i32)
    (param $outer i32) (param $w i32) (param $table i32) (param $cols i32)
    (param $scratch i32)
    (local $rowB i32) (local $blockB i32) (local $o i32) (local $i i32) (local $c0 i32)
    (local $cnt i32) (local $kLo i32) (local $kHi i32) (local $at i32)
    (local.set $rowB (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $blockB (i32.mul (local.get $n) (local.get $rowB)))
    (if (i32.ge_u (local.get $cols) (local.get $stride))
      (then (local.set $cols (local.get $stride))))
    (block $doneO
      (loop $blocks
        (br_if $doneO (i32.ge_u (local.get $o) (local.get $outer)))
        (local.set $c0 (i32.const 0))
        (block $doneC
          (loop $chunks
            (br_if $doneC (i32.ge_u (local.get $c0) (local.get $stride)))
            (local.set $cnt (i32.sub (local.get $stride) (local.get $c0)))
            (if (i32.gt_u (local.get $cnt) (local.get $cols))
              (then (local.set $cnt (local.get $cols))))
            (local.set $at
              (i32.add (i32.mul (local.get $o) (local.get $blockB))
                (i32.shl (local.get $c0) (i32.const 2))))
            (if (i32.lt_u (local.get $cnt) (local.get $stride))
              (then
                (local.set $i (i32.const 0))
                (block $doneG
                  (loop $gather
                    (br_if $doneG (i32.ge_u (local.get $i) (local.get $n)))
                    (call $copy32
                      (i32.add (i32.add (local.get $src) (local.get $at))
                        (i32.mul (local.get $i) (local.get $rowB)))
                      (i32.add (local.get $scratch)
                        (i32.shl (i32.mul (local.get $i) (local.get $cnt)) (i32.const 2)))
                      (local.get $cnt))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $gather)))))
            (local.set $i (i32.const 0))
            (block $doneI
              (loop $rows
                (br_if $doneI (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $kLo
                  (i32.sub (i32.const 0)
                    (select (local.get $w) (local.get $i)
                      (i32.lt_s (local.get $w) (local.get $i)))))
                (local.set $kHi (i32.sub (i32.sub (local.get $n) (i32.const 1)) (local.get $i)))
                (local.set $kHi
                  (select (local.get $w) (local.get $kHi)
                    (i32.lt_s (local.get $w) (local.get $kHi))))
                (if (i32.lt_u (local.get $cnt) (local.get $stride))
                  (then
                    (call $band32
                      (i32.add (local.get $scratch)
                        (i32.shl (i32.mul (local.get $i) (local.get $cnt)) (i32.const 2)))
                      (i32.add (i32.add (local.get $dst) (local.get $at))
                        (i32.mul (local.get $i) (local.get $rowB)))
                      (local.get $cnt) (local.get $cnt)
                      (local.get $kLo) (local.get $kHi) (local.get $table) (i32.const 0)))
                  (else
                    (call $band32
                      (i32.add (i32.add (local.get $src) (local.get $at))
                        (i32.mul (local.get $i) (local.get $rowB)))
                      (i32.add (i32.add (local.get $dst) (local.get $at))
                        (i32.mul (local.get $i) (local.get $rowB)))
                      (local.get $stride) (local.get $stride)
                      (local.get $kLo) (local.get $kHi) (local.get $table) (i32.const 0))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            (local.set $c0 (i32.add (local.get $c0) (local.get $cnt)))
            (br $chunks)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $blocks))))

  ;; Pass along the contiguous last axis (band.wat's `lines` on f32): each line of n values
  ;; is copied into `scratch` between w zeros on each side and convolved with k = −w … w.
  (func (export "lines32")
    (param $src i32) (param $dst i32) (param $n i32) (param $lines i32)
    (param $w i32) (param $table i32) (param $scratch i32)
    (local $mid i32) (local $q i32) (local $end i32) (local $r i32) (local $lb i32)
    (local.set $lb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $mid (i32.add (local.get $scratch) (i32.shl (local.get $w) (i32.const 2))))
    (local.set $q (local.get $scratch))
    (block $z1
      (loop $zero1
        (br_if $z1 (i32.ge_u (local.get $q) (local.get $mid)))
        (f32.store (local.get $q) (f32.const 0))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $zero1)))
    (local.set $q (i32.add (local.get $mid) (local.get $lb)))
    (local.set $end (i32.add (local.get $q) (i32.shl (local.get $w) (i32.const 2))))
    (block $z2
      (loop $zero2
        (br_if $z2 (i32.ge_u (local.get $q) (local.get $end)))
        (f32.store (local.get $q) (f32.const 0))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $zero2)))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $r) (local.get $lines)))
        (call $copy32
          (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $lb)))
          (local.get $mid) (local.get $n))
        (call $band32
          (local.get $mid)
          (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $lb)))
          (local.get $n) (i32.const 1)
          (i32.sub (i32.const 0) (local.get $w)) (local.get $w) (local.get $table) (i32.const 1))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $line))))

  ;; dst32[i] = f32(src64[i] · factor), i < n (rounded to nearest; the caller chooses a
  ;; power-of-two factor, so the product is exact unless it leaves the double range).
  (func (export "demote")
    (param $src i32) (param $dst i32) (param $n i32) (param $factor f64)
    (local $i i32) (local $vf v128)
    (local.set $vf (f64x2.splat (local.get $factor)))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (v128.store64_lane align=4 0 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $vf)
            (v128.load align=8 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
        (f32.demote_f64 (f64.mul (local.get $factor)
          (f64.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3))))))))))

  ;; dst64[i] = f64(src32[i]) · factor, i < n.
  (func (export "promote")
    (param $src i32) (param $dst i32) (param $n i32) (param $factor f64)
    (local $i i32) (local $vf v128)
    (local.set $vf (f64x2.splat (local.get $factor)))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (v128.store align=8 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3)))
          (f64x2.mul (local.get $vf) (f64x2.promote_low_f32x4
            (v128.load64_zero align=4 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then (f64.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3)))
        (f64.mul (local.get $factor) (f64.promote_f32
          (f32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))))))))

  ;; Largest lane of m (as f64), or +∞ if any lane of bad is set.
  (func $result32 (param $m v128) (param $bad v128) (result f64)
    (if (result f64) (v128.any_true (local.get $bad))
      (then (f64.const inf))
      (else (f64.promote_f32 (f32.max
        (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
        (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m))))))))

  ;; Plain update s_i = w_i / kx_i on quads (band.wat's `divide`); cells with w_i = 0 get
  ;; s_i = 0. Returns the largest s_i, or +∞ if some cell with w_i ≠ 0 has s_i outside
  ;; [lo, hi] or NaN.
  (func (export "divide32")
    (param $w i32) (param $kx i32) (param $s i32) (param $n i32) (param $lo f32) (param $hi f32)
    (result f64)
    (local $i i32) (local $end i32) (local $vw v128) (local $vs v128) (local $m v128)
    (local $bad v128) (local $skip v128) (local $vlo v128) (local $vhi v128)
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $vw (v128.load align=4 (i32.add (local.get $w) (local.get $i))))
        (local.set $skip (f32x4.eq (local.get $vw) (v128.const f32x4 0 0 0 0)))
        (local.set $vs (v128.andnot
          (f32x4.div (local.get $vw) (v128.load align=4 (i32.add (local.get $kx) (local.get $i))))
          (local.get $skip)))
        (v128.store align=4 (i32.add (local.get $s) (local.get $i)) (local.get $vs))
        (local.set $m (f32x4.max (local.get $m) (local.get $vs)))
        (local.set $bad (v128.or (local.get $bad)
          (v128.andnot
            (v128.not (v128.and (f32x4.le (local.get $vs) (local.get $vhi))
              (f32x4.ge (local.get $vs) (local.get $vlo))))
            (local.get $skip))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $quads)))
    (call $result32 (local.get $m) (local.get $bad)))

  ;; Over-relaxed update on quads (band.wat's `relax` in single precision): for w_i ≠ 0,
  ;; r = w_i/(s_i kx_i); s_i ← s_i·poly(r − 1) if 1/2 < r < 2, else s_i·r; cells with w_i = 0
  ;; are left alone. poly is the degree-8 binomial polynomial of r^ω with the f32 coefficients
  ;; at coef + 4 … coef + 32 (c1 … c8). A non-finite r (s_i kx_i = 0) gives a non-finite or
  ;; NaN s_i, reported as out of range. The f64 at `err` receives Σ |s_i kx_i − w_i| over the
  ;; updated cells, accumulated in double precision.
  (func (export "relax32")
    (param $w i32) (param $kx i32) (param $s i32) (param $n i32) (param $lo f32) (param $hi f32)
    (param $coef i32) (param $err i32)
    (result f64)
    (local $i i32) (local $end i32) (local $vw v128) (local $vk v128) (local $s0 v128)
    (local $r v128) (local $sn v128) (local $skip v128) (local $m v128) (local $bad v128)
    (local $e v128) (local $t v128) (local $vlo v128) (local $vhi v128) (local $one v128)
    (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128)
    (local $c6 v128) (local $c7 v128) (local $c8 v128)
    (local $d v128) (local $d2 v128) (local $d4 v128)
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $c1 (v128.load32_splat offset=4 (local.get $coef)))
    (local.set $c2 (v128.load32_splat offset=8 (local.get $coef)))
    (local.set $c3 (v128.load32_splat offset=12 (local.get $coef)))
    (local.set $c4 (v128.load32_splat offset=16 (local.get $coef)))
    (local.set $c5 (v128.load32_splat offset=20 (local.get $coef)))
    (local.set $c6 (v128.load32_splat offset=24 (local.get $coef)))
    (local.set $c7 (v128.load32_splat offset=28 (local.get $coef)))
    (local.set $c8 (v128.load32_splat offset=32 (local.get $coef)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $vw (v128.load align=4 (i32.add (local.get $w) (local.get $i))))
        (local.set $vk (v128.load align=4 (i32.add (local.get $kx) (local.get $i))))
        (local.set $s0 (v128.load align=4 (i32.add (local.get $s) (local.get $i))))
        (local.set $skip (f32x4.eq (local.get $vw) (v128.const f32x4 0 0 0 0)))
        (local.set $r (f32x4.div (local.get $vw) (f32x4.mul (local.get $s0) (local.get $vk))))
        (local.set $d (f32x4.sub (local.get $r) (local.get $one)))
        (local.set $d2 (f32x4.mul (local.get $d) (local.get $d)))
        (local.set $d4 (f32x4.mul (local.get $d2) (local.get $d2)))
        (local.set $sn
          (f32x4.mul (local.get $s0)
            (v128.bitselect
              (f32x4.add
                (f32x4.add
                  (f32x4.add (local.get $one) (f32x4.mul (local.get $c1) (local.get $d)))
                  (f32x4.mul (local.get $d2)
                    (f32x4.add (local.get $c2) (f32x4.mul (local.get $c3) (local.get $d)))))
                (f32x4.mul (local.get $d4)
                  (f32x4.add
                    (f32x4.add
                      (f32x4.add (local.get $c4) (f32x4.mul (local.get $c5) (local.get $d)))
                      (f32x4.mul (local.get $d2)
                        (f32x4.add (local.get $c6) (f32x4.mul (local.get $c7) (local.get $d)))))
                    (f32x4.mul (local.get $d4) (local.get $c8)))))
              (local.get $r)
              (v128.and (f32x4.gt (local.get $r) (f32x4.splat (f32.const 0.5)))
                (f32x4.lt (local.get $r) (f32x4.splat (f32.const 2)))))))
        (local.set $sn (v128.bitselect (local.get $s0) (local.get $sn) (local.get $skip)))
        (v128.store align=4 (i32.add (local.get $s) (local.get $i)) (local.get $sn))
        (local.set $t (v128.andnot
          (f32x4.abs (f32x4.sub (f32x4.mul (local.get $sn) (local.get $vk)) (local.get $vw)))
          (local.get $skip)))
        (local.set $e (f64x2.add (local.get $e)
          (f64x2.add (f64x2.promote_low_f32x4 (local.get $t))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))))))
        (local.set $m (f32x4.max (local.get $m) (v128.andnot (local.get $sn) (local.get $skip))))
        (local.set $bad (v128.or (local.get $bad)
          (v128.andnot
            (v128.not (v128.and (f32x4.le (local.get $sn) (local.get $vhi))
              (f32x4.ge (local.get $sn) (local.get $vlo))))
            (local.get $skip))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $quads)))
    (f64.store (local.get $err)
      (f64.add (f64x2.extract_lane 0 (local.get $e)) (f64x2.extract_lane 1 (local.get $e))))
    (call $result32 (local.get $m) (local.get $bad)))

  ;; Σ_i |s_i kx_i − m_i| on quads (products and differences in f32, the sum in f64).
  (func (export "marginalError32")
    (param $s i32) (param $kx i32) (param $mp i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $e v128) (local $t v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $t (f32x4.abs (f32x4.sub
          (f32x4.mul (v128.load align=4 (i32.add (local.get $s) (local.get $i)))
            (v128.load align=4 (i32.add (local.get $kx) (local.get $i))))
          (v128.load align=4 (i32.add (local.get $mp) (local.get $i))))))
        (local.set $e (f64x2.add (local.get $e)
          (f64x2.add (f64x2.promote_low_f32x4 (local.get $t))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $quads)))
    (f64.add (f64x2.extract_lane 0 (local.get $e)) (f64x2.extract_lane 1 (local.get $e))))
)
