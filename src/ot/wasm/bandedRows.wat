;; The inner loop of the log-stabilised Gibbs kernel (stabilizedGibbsKernel.ts): for `lines`
;; lines of length n stored contiguously at `src`, and one banded row per output,
;;
;;   dst[i·lines + r] = Σ_{t = off[row]}^{off[row+1]−1} vals[t] · src[r·n + lo[row] + t − off[row]],
;;   row = r·n + i,
;;
;; i.e. exactly bandedRowsJs in wasmBandedRows.ts. Pointers are byte offsets into the imported
;; memory: src, dst, vals of f64; lo, off of i32. Each row is a dot product: f64x2 multiply–adds
;; four values per step in two accumulators, then two per step, then an odd remainder.
(module
  (import "env" "mem" (memory 1))
  (func (export "rows")
    (param $src i32) (param $dst i32) (param $lo i32) (param $off i32) (param $vals i32)
    (param $n i32) (param $lines i32)
    (local $r i32) (local $i i32) (local $row i32) (local $base i32) (local $t i32)
    (local $tEnd i32) (local $jj i32) (local $dstp i32) (local $stride i32) (local $rowp i32)
    (local $acc0 v128) (local $acc1 v128) (local $s f64)
    (local.set $stride (i32.shl (local.get $lines) (i32.const 3)))
    (loop $lineLoop
      (local.set $base
        (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $n)) (i32.const 3))))
      (local.set $dstp (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
      (local.set $i (i32.const 0))
      (loop $rowLoop
        (local.set $rowp (i32.shl (local.get $row) (i32.const 2)))
        (local.set $t (i32.add (local.get $vals)
          (i32.shl (i32.load (i32.add (local.get $off) (local.get $rowp))) (i32.const 3))))
        (local.set $tEnd (i32.add (local.get $vals)
          (i32.shl (i32.load offset=4 (i32.add (local.get $off) (local.get $rowp))) (i32.const 3))))
        (local.set $jj (i32.add (local.get $base)
          (i32.shl (i32.load (i32.add (local.get $lo) (local.get $rowp))) (i32.const 3))))
        (local.set $acc0 (v128.const f64x2 0 0))
        (local.set $acc1 (v128.const f64x2 0 0))
        ;; four products per step, two accumulators
        (block $end4
          (loop $step4
            (br_if $end4 (i32.gt_u (i32.add (local.get $t) (i32.const 32)) (local.get $tEnd)))
            (local.set $acc0 (f64x2.add (local.get $acc0)
              (f64x2.mul (v128.load (local.get $t)) (v128.load (local.get $jj)))))
            (local.set $acc1 (f64x2.add (local.get $acc1)
              (f64x2.mul (v128.load offset=16 (local.get $t)) (v128.load offset=16 (local.get $jj)))))
            (local.set $t (i32.add (local.get $t) (i32.const 32)))
            (local.set $jj (i32.add (local.get $jj) (i32.const 32)))
            (br $step4)))
        (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
        ;; two products per step
        (block $end2
          (loop $step2
            (br_if $end2 (i32.gt_u (i32.add (local.get $t) (i32.const 16)) (local.get $tEnd)))
            (local.set $acc0 (f64x2.add (local.get $acc0)
              (f64x2.mul (v128.load (local.get $t)) (v128.load (local.get $jj)))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (local.set $jj (i32.add (local.get $jj) (i32.const 16)))
            (br $step2)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc0))
                               (f64x2.extract_lane 1 (local.get $acc0))))
        ;; odd remainder
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (local.set $s (f64.add (local.get $s)
              (f64.mul (f64.load (local.get $t)) (f64.load (local.get $jj)))))))
        (f64.store (local.get $dstp) (local.get $s))
        (local.set $dstp (i32.add (local.get $dstp) (local.get $stride)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $rowLoop (i32.lt_s (local.get $i) (local.get $n))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $lineLoop (i32.lt_s (local.get $r) (local.get $lines))))))
