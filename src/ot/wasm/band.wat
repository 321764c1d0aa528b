;; Inner loops of SeparableGibbsKernel (src/ot/separableGibbsKernel.ts): one-dimensional
;; convolutions with a short symmetric table, on f64 arrays in the imported memory, and the
;; pointwise updates of the scaling-domain solvers (second half of this file).
;; Assembled by `npm run build:wasm` (scripts/buildWasm.ts) into band.generated.ts; the
;; JavaScript fallback with the same contract is jsBandPasses in bandPasses.ts.
;;
;; All pointers are byte offsets (8-byte aligned). `table` points at the k = 0 entry of a
;; symmetric weight table stored in full: the weight of offset k (−w ≤ k ≤ w) is the f64 at
;; table + 8k.
(module
  (import "env" "mem" (memory 1))
  (import "env" "exp" (func $exp (param f64) (result f64)))
  (import "env" "log" (func $log (param f64) (result f64)))

  ;; dst[c] = Σ_{k=kLo}^{kHi} table[k] · src[c + k·stride],  c = 0 … count−1,
  ;; each sum accumulated in the order k = kLo, kLo+1, …, kHi starting from +0.
  ;; dst must not overlap the source values read. An empty range (kLo > kHi) writes zeros.
  (func (export "band")
    (param $src i32) (param $dst i32) (param $count i32) (param $stride i32)
    (param $kLo i32) (param $kHi i32) (param $table i32)
    (call $bandClip (local.get $src) (local.get $dst) (local.get $count) (local.get $stride)
      (local.get $kLo) (local.get $kHi) (local.get $table) (i32.const 0)))

  ;; The loop behind `band`. If clip ≠ 0 (used with stride = 1 on a zero-padded line of
  ;; `count` values), each block of outputs c … c+B−1 only runs k over
  ;; [max(kLo, −(c+B−1)), min(kHi, count−1−c)]: the terms left out read positions outside
  ;; 0 … count−1 for every output of the block, i.e. padding zeros, so the sums are the
  ;; same, bit for bit, without most of the multiplications by zero.
  ;; Vectorised over c: blocks of 12 outputs in six f64x2 accumulators that share one splat
  ;; of table[k] per k (V8's TurboFan keeps six accumulators, six loaded vectors and the
  ;; splat in the 16 xmm registers; eight accumulators spill and ran ~40 % slower), then at
  ;; most one block each of 8, 4, 2 outputs and a last scalar output.
  (func $bandClip
    (param $src i32) (param $dst i32) (param $count i32) (param $stride i32)
    (param $kLo i32) (param $kHi i32) (param $table i32) (param $clip i32)
    (local $sb i32) (local $kb i32) (local $ke i32) (local $q i32) (local $tEnd i32)
    (local $c i32) (local $p i32) (local $t i32) (local $o i32)
    (local $kv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128)
    (local $s f64)
    (local.set $sb (i32.shl (local.get $stride) (i32.const 3)))
    (local.set $c (i32.const 0))

    ;; ---- blocks of 12 outputs ----
    (block $done12
      (loop $blk12
        (br_if $done12 (i32.gt_u (i32.add (local.get $c) (i32.const 12)) (local.get $count)))
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
            ;; kb = max(kLo, −(c+11)), ke = min(kHi, count−1−c)
            (local.set $q (i32.sub (i32.const -11) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 3))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 3))))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k12
              (local.set $kv (v128.load64_splat (local.get $t)))
              (local.set $a0 (f64x2.add (local.get $a0)
                (f64x2.mul (local.get $kv) (v128.load offset=0 align=8 (local.get $p)))))
              (local.set $a1 (f64x2.add (local.get $a1)
                (f64x2.mul (local.get $kv) (v128.load offset=16 align=8 (local.get $p)))))
              (local.set $a2 (f64x2.add (local.get $a2)
                (f64x2.mul (local.get $kv) (v128.load offset=32 align=8 (local.get $p)))))
              (local.set $a3 (f64x2.add (local.get $a3)
                (f64x2.mul (local.get $kv) (v128.load offset=48 align=8 (local.get $p)))))
              (local.set $a4 (f64x2.add (local.get $a4)
                (f64x2.mul (local.get $kv) (v128.load offset=64 align=8 (local.get $p)))))
              (local.set $a5 (f64x2.add (local.get $a5)
                (f64x2.mul (local.get $kv) (v128.load offset=80 align=8 (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (br_if $k12 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))))
        (v128.store offset=0 align=8 (local.get $o) (local.get $a0))
        (v128.store offset=16 align=8 (local.get $o) (local.get $a1))
        (v128.store offset=32 align=8 (local.get $o) (local.get $a2))
        (v128.store offset=48 align=8 (local.get $o) (local.get $a3))
        (v128.store offset=64 align=8 (local.get $o) (local.get $a4))
        (v128.store offset=80 align=8 (local.get $o) (local.get $a5))
        (local.set $c (i32.add (local.get $c) (i32.const 12)))
        (br $blk12)))

    ;; ---- at most one block each of 8, 4 and 2 outputs ----
    (if (i32.le_u (i32.add (local.get $c) (i32.const 8)) (local.get $count))
      (then
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            ;; kb = max(kLo, −(c+7)), ke = min(kHi, count−1−c)
            (local.set $q (i32.sub (i32.const -7) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 3))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 3))))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k8
              (local.set $kv (v128.load64_splat (local.get $t)))
              (local.set $a0 (f64x2.add (local.get $a0)
                (f64x2.mul (local.get $kv) (v128.load offset=0 align=8 (local.get $p)))))
              (local.set $a1 (f64x2.add (local.get $a1)
                (f64x2.mul (local.get $kv) (v128.load offset=16 align=8 (local.get $p)))))
              (local.set $a2 (f64x2.add (local.get $a2)
                (f64x2.mul (local.get $kv) (v128.load offset=32 align=8 (local.get $p)))))
              (local.set $a3 (f64x2.add (local.get $a3)
                (f64x2.mul (local.get $kv) (v128.load offset=48 align=8 (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (br_if $k8 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))))
        (v128.store offset=0 align=8 (local.get $o) (local.get $a0))
        (v128.store offset=16 align=8 (local.get $o) (local.get $a1))
        (v128.store offset=32 align=8 (local.get $o) (local.get $a2))
        (v128.store offset=48 align=8 (local.get $o) (local.get $a3))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))))
    (if (i32.le_u (i32.add (local.get $c) (i32.const 4)) (local.get $count))
      (then
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            ;; kb = max(kLo, −(c+3)), ke = min(kHi, count−1−c)
            (local.set $q (i32.sub (i32.const -3) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 3))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 3))))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k4
              (local.set $kv (v128.load64_splat (local.get $t)))
              (local.set $a0 (f64x2.add (local.get $a0)
                (f64x2.mul (local.get $kv) (v128.load offset=0 align=8 (local.get $p)))))
              (local.set $a1 (f64x2.add (local.get $a1)
                (f64x2.mul (local.get $kv) (v128.load offset=16 align=8 (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (br_if $k4 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))))
        (v128.store offset=0 align=8 (local.get $o) (local.get $a0))
        (v128.store offset=16 align=8 (local.get $o) (local.get $a1))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))))
    (if (i32.le_u (i32.add (local.get $c) (i32.const 2)) (local.get $count))
      (then
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            ;; kb = max(kLo, −(c+1)), ke = min(kHi, count−1−c)
            (local.set $q (i32.sub (i32.const -1) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 3))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 3))))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k2
              (local.set $kv (v128.load64_splat (local.get $t)))
              (local.set $a0 (f64x2.add (local.get $a0)
                (f64x2.mul (local.get $kv) (v128.load offset=0 align=8 (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (br_if $k2 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))))
        (v128.store offset=0 align=8 (local.get $o) (local.get $a0))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))))

    ;; ---- last output (odd count) ----
    (if (i32.lt_u (local.get $c) (local.get $count))
      (then
        (local.set $kb (local.get $kLo))
        (local.set $ke (local.get $kHi))
        (if (local.get $clip)
          (then
            ;; kb = max(kLo, −(c+0)), ke = min(kHi, count−1−c)
            (local.set $q (i32.sub (i32.const 0) (local.get $c)))
            (if (i32.gt_s (local.get $q) (local.get $kb)) (then (local.set $kb (local.get $q))))
            (local.set $q (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $c)))
            (if (i32.lt_s (local.get $q) (local.get $ke)) (then (local.set $ke (local.get $q))))))
        (local.set $p
          (i32.add (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))
            (i32.mul (local.get $kb) (local.get $sb))))
        (local.set $t (i32.add (local.get $table) (i32.shl (local.get $kb) (i32.const 3))))
        (local.set $tEnd
          (i32.add (local.get $table) (i32.shl (i32.add (local.get $ke) (i32.const 1)) (i32.const 3))))
        (local.set $s (f64.const 0))
        (if (i32.lt_u (local.get $t) (local.get $tEnd))
          (then
            (loop $k1
              (local.set $s (f64.add (local.get $s)
                (f64.mul (f64.load (local.get $t)) (f64.load (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (local.get $sb)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (br_if $k1 (i32.lt_u (local.get $t) (local.get $tEnd))))))
        (f64.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3)))
          (local.get $s)))))

  ;; Copies `count` f64 from `from` to `to` (non-overlapping), two at a time.
  (func $copy (param $from i32) (param $to i32) (param $count i32)
    (local $d i32) (local $end i32) (local $pairEnd i32)
    (local.set $end (i32.shl (local.get $count) (i32.const 3)))
    (local.set $pairEnd (i32.and (local.get $end) (i32.const -16)))
    (local.set $d (i32.const 0))
    (block $done
      (loop $pair
        (br_if $done (i32.ge_u (local.get $d) (local.get $pairEnd)))
        (v128.store align=8 (i32.add (local.get $to) (local.get $d))
          (v128.load align=8 (i32.add (local.get $from) (local.get $d))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $d) (local.get $end))
      (then
        (f64.store (i32.add (local.get $to) (local.get $d))
          (f64.load (i32.add (local.get $from) (local.get $d)))))))

  ;; Pass along a non-contiguous axis of n cells with index stride `stride`, over `outer`
  ;; consecutive blocks of n·stride values (o = outer block, i = cell, c = 0 … stride−1):
  ;;   dst[o, i, c] = Σ_{k=max(−w,−i)}^{min(w,n−1−i)} table[k] · src[o, i+k, c].
  ;; If cols ≥ stride: one band call of count = stride per (o, i), reading src in place.
  ;; Else the columns are done in chunks of `cols`: each n × cols tile is first copied into
  ;; `scratch` (n·cols values, rows packed), so that the 2w+1 rows a band call reads are
  ;; close together in cache instead of stride·8 bytes apart (large power-of-two strides
  ;; otherwise thrash the set-associative caches).
  (func (export "axis")
    (param $src i32) (param $dst i32) (param $n i32) (param $stride i32)
    (param $outer i32) (param $w i32) (param $table i32) (param $cols i32)
    (param $scratch i32)
    (local $rowB i32) (local $blockB i32) (local $o i32) (local $i i32) (local $c0 i32)
    (local $cnt i32) (local $kLo i32) (local $kHi i32) (local $at i32)
    (local.set $rowB (i32.shl (local.get $stride) (i32.const 3)))
    (local.set $blockB (i32.mul (local.get $n) (local.get $rowB)))
    (if (i32.ge_u (local.get $cols) (local.get $stride))
      (then (local.set $cols (local.get $stride))))
    (local.set $o (i32.const 0))
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
            ;; address of src/dst[o, 0, c0]
            (local.set $at
              (i32.add (i32.mul (local.get $o) (local.get $blockB))
                (i32.shl (local.get $c0) (i32.const 3))))
            (if (i32.lt_u (local.get $cnt) (local.get $stride))
              (then
                ;; gather the tile: row i at scratch + i·cnt·8
                (local.set $i (i32.const 0))
                (block $doneG
                  (loop $gather
                    (br_if $doneG (i32.ge_u (local.get $i) (local.get $n)))
                    (call $copy
                      (i32.add (i32.add (local.get $src) (local.get $at))
                        (i32.mul (local.get $i) (local.get $rowB)))
                      (i32.add (local.get $scratch)
                        (i32.shl (i32.mul (local.get $i) (local.get $cnt)) (i32.const 3)))
                      (local.get $cnt))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $gather)))))
            (local.set $i (i32.const 0))
            (block $doneI
              (loop $rows
                (br_if $doneI (i32.ge_u (local.get $i) (local.get $n)))
                ;; kLo = −min(w, i), kHi = min(w, n−1−i)
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
                    (call $bandClip
                      (i32.add (local.get $scratch)
                        (i32.shl (i32.mul (local.get $i) (local.get $cnt)) (i32.const 3)))
                      (i32.add (i32.add (local.get $dst) (local.get $at))
                        (i32.mul (local.get $i) (local.get $rowB)))
                      (local.get $cnt) (local.get $cnt)
                      (local.get $kLo) (local.get $kHi) (local.get $table) (i32.const 0)))
                  (else
                    (call $bandClip
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

  ;; Pass along the contiguous last axis: each of `lines` lines of n values is copied into
  ;; `scratch` (n + 2w values: w zeros on each side) and convolved by one band call with
  ;; count = n, stride = 1, k = −w … w (clipped per block, see $bandClip):
  ;;   dst[r, i] = Σ_{k=−w}^{w} table[k] · src[r, i+k]   (src[r, j] = 0 outside 0 … n−1).
  (func (export "lines")
    (param $src i32) (param $dst i32) (param $n i32) (param $lines i32)
    (param $w i32) (param $table i32) (param $scratch i32)
    (local $mid i32) (local $q i32) (local $end i32) (local $r i32) (local $lb i32)
    (local.set $lb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $mid (i32.add (local.get $scratch) (i32.shl (local.get $w) (i32.const 3))))
    ;; zero the two pads
    (local.set $q (local.get $scratch))
    (block $z1
      (loop $zero1
        (br_if $z1 (i32.ge_u (local.get $q) (local.get $mid)))
        (f64.store (local.get $q) (f64.const 0))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $zero1)))
    (local.set $q (i32.add (local.get $mid) (local.get $lb)))
    (local.set $end (i32.add (local.get $q) (i32.shl (local.get $w) (i32.const 3))))
    (block $z2
      (loop $zero2
        (br_if $z2 (i32.ge_u (local.get $q) (local.get $end)))
        (f64.store (local.get $q) (f64.const 0))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $zero2)))
    (local.set $r (i32.const 0))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $r) (local.get $lines)))
        (call $copy
          (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $lb)))
          (local.get $mid) (local.get $n))
        (call $bandClip
          (local.get $mid)
          (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $lb)))
          (local.get $n) (i32.const 1)
          (i32.sub (i32.const 0) (local.get $w)) (local.get $w) (local.get $table) (i32.const 1))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $line))))

  ;; ---------------------------------------------------------------------------------------
  ;; Pointwise loops of the scaling-domain Sinkhorn iterations (scalingSinkhorn.ts,
  ;; scalingJko.ts), vectorised over pairs of cells (f64x2), on fields in the same memory as
  ;; the convolutions (the kernel's slots), so nothing is copied between the kernel and the
  ;; updates. Same contracts as the JavaScript fallback in pointwisePasses.ts, which also sums
  ;; in the same order (lane 0 = even cells, lane 1 = odd cells, lanes added at the end, then
  ;; the last cell of an odd count where stated), so both give identical results bit for bit;
  ;; the element-wise formulas are those of scalingUpdates.ts (no fused multiply–add).
  ;; Pointers are byte offsets (8-byte aligned) of f64 arrays of n entries; `coef` points at
  ;; the 9 coefficients of powCoefficients(x) (coef[0] = x). Every update returns the largest
  ;; new scaling, or +∞ if a scaling that is updated left [lo, hi] (or is NaN).
  ;; ---------------------------------------------------------------------------------------

  ;; Largest lane of m, or +∞ if any lane of bad is set.
  (func $result (param $m v128) (param $bad v128) (result f64)
    (if (result f64) (v128.any_true (local.get $bad))
      (then (f64.const inf))
      (else (f64.max (f64x2.extract_lane 0 (local.get $m)) (f64x2.extract_lane 1 (local.get $m))))))

  ;; 1 + Σ_{k≤8} c_k d^k by the Estrin scheme of scalingUpdates.ts (c1 … c8 splatted):
  ;; (1 + c1 d + d²(c2 + c3 d)) + d⁴((c4 + c5 d + d²(c6 + c7 d)) + d⁴ c8).
  ;; The pair loops of relax and ratioPower repeat this expression in place: V8 (Node 20) does
  ;; not inline WebAssembly calls, and the call with nine v128 arguments cost ~1.5 % of a P3
  ;; solve (20.8 → 20.55 ms); the scalar tail of ratioPower still calls it.
  (func $poly (param $d v128) (param $c1 v128) (param $c2 v128) (param $c3 v128) (param $c4 v128)
    (param $c5 v128) (param $c6 v128) (param $c7 v128) (param $c8 v128) (result v128)
    (local $d2 v128) (local $d4 v128) (local $low v128) (local $high v128)
    (local.set $d2 (f64x2.mul (local.get $d) (local.get $d)))
    (local.set $d4 (f64x2.mul (local.get $d2) (local.get $d2)))
    (local.set $low
      (f64x2.add
        (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $c1) (local.get $d)))
        (f64x2.mul (local.get $d2)
          (f64x2.add (local.get $c2) (f64x2.mul (local.get $c3) (local.get $d))))))
    (local.set $high
      (f64x2.add
        (f64x2.add (local.get $c4) (f64x2.mul (local.get $c5) (local.get $d)))
        (f64x2.mul (local.get $d2)
          (f64x2.add (local.get $c6) (f64x2.mul (local.get $c7) (local.get $d))))))
    (f64x2.add (local.get $low)
      (f64x2.mul (local.get $d4)
        (f64x2.add (local.get $high) (f64x2.mul (local.get $d4) (local.get $c8))))))

  ;; s_i = w_i / kx_i (divideUpdate): out of range if !(s_i ≤ hi && (s_i ≥ lo || w_i = 0)).
  (func (export "divide")
    (param $w i32) (param $kx i32) (param $s i32) (param $n i32) (param $lo f64) (param $hi f64)
    (result f64)
    (local $i i32) (local $end i32) (local $vw v128) (local $vs v128) (local $m v128)
    (local $bad v128) (local $vlo v128) (local $vhi v128)
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vhi (f64x2.splat (local.get $hi)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $vw (v128.load align=8 (i32.add (local.get $w) (local.get $i))))
        (local.set $vs (f64x2.div (local.get $vw)
          (v128.load align=8 (i32.add (local.get $kx) (local.get $i)))))
        (v128.store align=8 (i32.add (local.get $s) (local.get $i)) (local.get $vs))
        (local.set $m (f64x2.max (local.get $m) (local.get $vs)))
        (local.set $bad (v128.or (local.get $bad)
          (v128.not (v128.and (f64x2.le (local.get $vs) (local.get $vhi))
            (v128.or (f64x2.ge (local.get $vs) (local.get $vlo))
              (f64x2.eq (local.get $vw) (v128.const f64x2 0 0)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $vw (v128.load64_zero (i32.add (local.get $w) (local.get $i))))
        (local.set $vs (f64x2.div (local.get $vw)
          (v128.load64_splat (i32.add (local.get $kx) (local.get $i)))))
        (f64.store (i32.add (local.get $s) (local.get $i)) (f64x2.extract_lane 0 (local.get $vs)))
        ;; lane 1 is 0/kx (0 or NaN): it counts as w = 0 and never as a maximum
        (local.set $vs (f64x2.replace_lane 1 (local.get $vs) (f64.const 0)))
        (local.set $m (f64x2.max (local.get $m) (local.get $vs)))
        (local.set $bad (v128.or (local.get $bad)
          (v128.not (v128.and (f64x2.le (local.get $vs) (local.get $vhi))
            (v128.or (f64x2.ge (local.get $vs) (local.get $vlo))
              (f64x2.eq (local.get $vw) (v128.const f64x2 0 0)))))))))
    (call $result (local.get $m) (local.get $bad)))

  ;; Over-relaxed update (relaxUpdate of scalingUpdates.ts, with one division per cell): for
  ;; w_i ≠ 0, r = w_i/(s_i kx_i); s_i ← s_i·poly(r − 1) if 1/2 < r < 2, else s_i·r (= w_i/kx_i
  ;; up to rounding; w_i/kx_i itself where r is not finite); cells with w_i = 0 are left alone. If hasErr ≠ 0, the f64 at `err`
  ;; receives Σ_i |s_i kx_i − w_i| over the updated cells (the marginal error of the relaxed
  ;; scalings: relaxUpdate's Σ m_i |s_i kx_i / w_i − 1| with m = w).
  (func (export "relax")
    (param $w i32) (param $kx i32) (param $s i32) (param $n i32) (param $lo f64) (param $hi f64)
    (param $coef i32) (param $hasErr i32) (param $err i32)
    (result f64)
    (local $i i32) (local $end i32) (local $vw v128) (local $vk v128) (local $s0 v128)
    (local $r v128) (local $sn v128) (local $skip v128) (local $m v128) (local $bad v128)
    (local $e v128) (local $vlo v128) (local $vhi v128) (local $one v128)
    (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128)
    (local $c6 v128) (local $c7 v128) (local $c8 v128) (local $last i32)
    (local $d v128) (local $d2 v128) (local $d4 v128)
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vhi (f64x2.splat (local.get $hi)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $c1 (v128.load64_splat offset=8 (local.get $coef)))
    (local.set $c2 (v128.load64_splat offset=16 (local.get $coef)))
    (local.set $c3 (v128.load64_splat offset=24 (local.get $coef)))
    (local.set $c4 (v128.load64_splat offset=32 (local.get $coef)))
    (local.set $c5 (v128.load64_splat offset=40 (local.get $coef)))
    (local.set $c6 (v128.load64_splat offset=48 (local.get $coef)))
    (local.set $c7 (v128.load64_splat offset=56 (local.get $coef)))
    (local.set $c8 (v128.load64_splat offset=64 (local.get $coef)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        ;; the last, odd cell is loaded as (w, 0): its second lane has w = 0 and is skipped
        (local.set $last (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $done (i32.and (local.get $last)
          (i32.eqz (i32.and (local.get $n) (i32.const 1)))))
        (br_if $done (i32.gt_u (local.get $i) (local.get $end)))
        (if (local.get $last)
          (then
            (local.set $vw (v128.load64_zero (i32.add (local.get $w) (local.get $i))))
            (local.set $vk (v128.load64_splat (i32.add (local.get $kx) (local.get $i))))
            (local.set $s0 (v128.load64_splat (i32.add (local.get $s) (local.get $i)))))
          (else
            (local.set $vw (v128.load align=8 (i32.add (local.get $w) (local.get $i))))
            (local.set $vk (v128.load align=8 (i32.add (local.get $kx) (local.get $i))))
            (local.set $s0 (v128.load align=8 (i32.add (local.get $s) (local.get $i))))))
        (local.set $skip (f64x2.eq (local.get $vw) (v128.const f64x2 0 0)))
        ;; one division per cell: r = w/(s kx); the plain step is s·r (= w/kx), the error term
        ;; m |s kx/w − 1| is computed as |s kx − w| (the callers pass m = w)
        (local.set $r (f64x2.div (local.get $vw) (f64x2.mul (local.get $s0) (local.get $vk))))
        (local.set $sn
          (f64x2.mul (local.get $s0)
            (v128.bitselect
              (block (result v128)
                ;; poly(r − 1), inlined (see $poly)
                (local.set $d (f64x2.sub (local.get $r) (local.get $one)))
                (local.set $d2 (f64x2.mul (local.get $d) (local.get $d)))
                (local.set $d4 (f64x2.mul (local.get $d2) (local.get $d2)))
                (f64x2.add
                  (f64x2.add
                    (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $c1) (local.get $d)))
                    (f64x2.mul (local.get $d2)
                      (f64x2.add (local.get $c2) (f64x2.mul (local.get $c3) (local.get $d)))))
                  (f64x2.mul (local.get $d4)
                    (f64x2.add
                      (f64x2.add
                        (f64x2.add (local.get $c4) (f64x2.mul (local.get $c5) (local.get $d)))
                        (f64x2.mul (local.get $d2)
                          (f64x2.add (local.get $c6) (f64x2.mul (local.get $c7) (local.get $d)))))
                      (f64x2.mul (local.get $d4) (local.get $c8))))))
              (local.get $r)
              (v128.and (f64x2.gt (local.get $r) (f64x2.splat (f64.const 0.5)))
                (f64x2.lt (local.get $r) (f64x2.splat (f64.const 2)))))))
        ;; r = ∞ or NaN (s kx = 0, e.g. s = 0): the plain step w/kx itself, one lane at a time
        (if (v128.any_true (v128.andnot
              (v128.not (f64x2.lt (local.get $r) (f64x2.splat (f64.const inf))))
              (local.get $skip)))
          (then
            (if (i64.eqz (i64x2.extract_lane 0 (f64x2.lt (local.get $r) (f64x2.splat (f64.const inf)))))
              (then (local.set $sn (f64x2.replace_lane 0 (local.get $sn)
                (f64.div (f64x2.extract_lane 0 (local.get $vw)) (f64x2.extract_lane 0 (local.get $vk)))))))
            (if (i64.eqz (i64x2.extract_lane 1 (f64x2.lt (local.get $r) (f64x2.splat (f64.const inf)))))
              (then (local.set $sn (f64x2.replace_lane 1 (local.get $sn)
                (f64.div (f64x2.extract_lane 1 (local.get $vw)) (f64x2.extract_lane 1 (local.get $vk)))))))))
        (local.set $sn (v128.bitselect (local.get $s0) (local.get $sn) (local.get $skip)))
        (if (local.get $last)
          (then (f64.store (i32.add (local.get $s) (local.get $i))
            (f64x2.extract_lane 0 (local.get $sn))))
          (else (v128.store align=8 (i32.add (local.get $s) (local.get $i)) (local.get $sn))))
        (if (local.get $hasErr)
          (then
            (local.set $e (f64x2.add (local.get $e)
              (v128.andnot
                (f64x2.abs (f64x2.sub (f64x2.mul (local.get $sn) (local.get $vk)) (local.get $vw)))
                (local.get $skip))))))
        (local.set $m (f64x2.max (local.get $m)
          (v128.andnot (local.get $sn) (local.get $skip))))
        (local.set $bad (v128.or (local.get $bad)
          (v128.andnot
            (v128.not (v128.and (f64x2.le (local.get $sn) (local.get $vhi))
              (f64x2.ge (local.get $sn) (local.get $vlo))))
            (local.get $skip))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (local.get $hasErr)
      (then (f64.store (local.get $err)
        (f64.add (f64x2.extract_lane 0 (local.get $e)) (f64x2.extract_lane 1 (local.get $e))))))
    (call $result (local.get $m) (local.get $bad)))

  ;; Σ_i |s_i kx_i − m_i| (marginalError with unit output factors).
  (func (export "marginalError")
    (param $s i32) (param $kx i32) (param $mp i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $e v128) (local $t f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $e (f64x2.add (local.get $e)
          (f64x2.abs (f64x2.sub
            (f64x2.mul (v128.load align=8 (i32.add (local.get $s) (local.get $i)))
              (v128.load align=8 (i32.add (local.get $kx) (local.get $i))))
            (v128.load align=8 (i32.add (local.get $mp) (local.get $i)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $e)) (f64x2.extract_lane 1 (local.get $e))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (local.set $t (f64.add (local.get $t)
        (f64.abs (f64.sub
          (f64.mul (f64.load (i32.add (local.get $s) (local.get $i)))
            (f64.load (i32.add (local.get $kx) (local.get $i))))
          (f64.load (i32.add (local.get $mp) (local.get $i)))))))))
    (local.get $t))

  ;; planMarginal with unit output factors: c_j = s_j kx_j; out_j = c_j; acc[0] = Σ|c_j − prev_j|,
  ;; acc[1] = Σ c_j; prev_j = c_j.
  (func (export "planMarginal")
    (param $s i32) (param $kx i32) (param $out i32) (param $prev i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $end i32) (local $c v128) (local $d v128) (local $t v128)
    (local $cs f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (f64x2.mul (v128.load align=8 (i32.add (local.get $s) (local.get $i)))
          (v128.load align=8 (i32.add (local.get $kx) (local.get $i)))))
        (v128.store align=8 (i32.add (local.get $out) (local.get $i)) (local.get $c))
        (local.set $d (f64x2.add (local.get $d) (f64x2.abs (f64x2.sub (local.get $c)
          (v128.load align=8 (i32.add (local.get $prev) (local.get $i)))))))
        (local.set $t (f64x2.add (local.get $t) (local.get $c)))
        (v128.store align=8 (i32.add (local.get $prev) (local.get $i)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (f64.store (local.get $acc)
      (f64.add (f64x2.extract_lane 0 (local.get $d)) (f64x2.extract_lane 1 (local.get $d))))
    (f64.store offset=8 (local.get $acc)
      (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $cs (f64.mul (f64.load (i32.add (local.get $s) (local.get $i)))
          (f64.load (i32.add (local.get $kx) (local.get $i)))))
        (f64.store (i32.add (local.get $out) (local.get $i)) (local.get $cs))
        (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc))
          (f64.abs (f64.sub (local.get $cs) (f64.load (i32.add (local.get $prev) (local.get $i)))))))
        (f64.store offset=8 (local.get $acc)
          (f64.add (f64.load offset=8 (local.get $acc)) (local.get $cs)))
        (f64.store (i32.add (local.get $prev) (local.get $i)) (local.get $cs)))))

  ;; log r for positive normal r (lanes outside [2^−1000, 2^1000] give garbage, never a
  ;; trap): r = m·2^e with m in [√½, √2) (e read from the exponent bits through the exact
  ;; 2^52 + k trick), log m = 2s Σ_{k≤10} z^k/(2k+1), s = (m − 1)/(m + 1), z = s² ≤ 0.0295
  ;; (truncation < 1e-17 relative), log r = e·ln 2 + log m. The JavaScript fallback
  ;; (logPositive in pointwisePasses.ts) does the same operations in the same order.
  (func $logv (param $r v128) (result v128)
    (local $m v128) (local $e v128) (local $big v128) (local $s v128) (local $z v128)
    (local $t v128) (local $z2 v128) (local $z4 v128)
    ;; e as f64: (bits >> 52) | bits(2^52) is 2^52 + e + 1023; minus 2^52 + 1023
    (local.set $e (f64x2.sub
      (v128.or (i64x2.shr_u (local.get $r) (i32.const 52))
        (v128.const i64x2 0x4330000000000000 0x4330000000000000))
      (f64x2.splat (f64.const 4503599627371519))))
    (local.set $m (v128.or
      (v128.and (local.get $r) (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff))
      (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
    (local.set $big (f64x2.gt (local.get $m) (f64x2.splat (f64.const 0x1.6a09e667f3bcdp+0))))
    (local.set $m (v128.bitselect (f64x2.mul (local.get $m) (f64x2.splat (f64.const 0.5)))
      (local.get $m) (local.get $big)))
    (local.set $e (v128.bitselect (f64x2.add (local.get $e) (f64x2.splat (f64.const 1)))
      (local.get $e) (local.get $big)))
    (local.set $s (f64x2.div (f64x2.sub (local.get $m) (f64x2.splat (f64.const 1)))
      (f64x2.add (local.get $m) (f64x2.splat (f64.const 1)))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    ;; Σ_k z^k/(2k+1), k ≤ 10, by the Estrin scheme (pairs, then z², z⁴, z⁸ blocks):
    (local.set $z2 (f64x2.mul (local.get $z) (local.get $z)))
    (local.set $z4 (f64x2.mul (local.get $z2) (local.get $z2)))
    (local.set $t (f64x2.add
      (f64x2.add
        (f64x2.add (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (f64x2.splat (f64.const 0x1.5555555555555p-2)) (local.get $z))) (f64x2.mul (f64x2.add (f64x2.splat (f64.const 0x1.999999999999ap-3)) (f64x2.mul (f64x2.splat (f64.const 0x1.2492492492492p-3)) (local.get $z))) (local.get $z2)))
        (f64x2.mul
          (f64x2.add (f64x2.add (f64x2.splat (f64.const 0x1.c71c71c71c71cp-4)) (f64x2.mul (f64x2.splat (f64.const 0x1.745d1745d1746p-4)) (local.get $z))) (f64x2.mul (f64x2.add (f64x2.splat (f64.const 0x1.3b13b13b13b14p-4)) (f64x2.mul (f64x2.splat (f64.const 0x1.1111111111111p-4)) (local.get $z))) (local.get $z2)))
          (local.get $z4)))
      (f64x2.mul
        (f64x2.add (f64x2.add (f64x2.splat (f64.const 0x1.e1e1e1e1e1e1ep-5)) (f64x2.mul (f64x2.splat (f64.const 0x1.af286bca1af28p-5)) (local.get $z))) (f64x2.mul (f64x2.splat (f64.const 0x1.8618618618618p-5)) (local.get $z2)))
        (f64x2.mul (local.get $z4) (local.get $z4)))))
    (f64x2.add
      (f64x2.mul (local.get $e)
        (f64x2.splat (f64.const 0x1.62e42fefa39efp-1)))
      (f64x2.mul (f64x2.add (local.get $s) (local.get $s)) (local.get $t))))

  ;; e^y for |y| ≤ 700: n = round(y/ln 2) (ties to even, by adding and subtracting 1.5·2^52),
  ;; t = (y − n·ln2_hi) − n·ln2_lo (Cody–Waite, |t| ≤ 0.35), e^t by its Taylor polynomial of
  ;; degree 13 (truncation < 1e-17; Estrin's scheme: short dependency chains), times 2^n built from the exponent bits. The JavaScript
  ;; fallback (expSmall in pointwisePasses.ts) does the same operations in the same order.
  (func $expv (param $y v128) (result v128)
    (local $k v128) (local $n v128) (local $t v128) (local $p v128) (local $t2 v128) (local $t4 v128)
    (local.set $k (f64x2.add (f64x2.mul (local.get $y) (f64x2.splat (f64.const 0x1.71547652b82fep+0)))
      (f64x2.splat (f64.const 0x1.8p+52))))
    (local.set $n (f64x2.sub (local.get $k) (f64x2.splat (f64.const 0x1.8p+52))))
    (local.set $t (f64x2.sub
      (f64x2.sub (local.get $y) (f64x2.mul (local.get $n) (f64x2.splat (f64.const 0x1.62e42feep-1))))
      (f64x2.mul (local.get $n) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33)))))
    ;; Σ_k t^k/k!, k ≤ 13, by the Estrin scheme (pairs, then t², t⁴, t⁸ blocks):
    (local.set $t2 (f64x2.mul (local.get $t) (local.get $t)))
    (local.set $t4 (f64x2.mul (local.get $t2) (local.get $t2)))
    (local.set $p (f64x2.add
      (f64x2.add
        (f64x2.add (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (f64x2.splat (f64.const 1)) (local.get $t))) (f64x2.mul (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (f64x2.splat (f64.const 0x1.5555555555555p-3)) (local.get $t))) (local.get $t2)))
        (f64x2.mul
          (f64x2.add (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-5)) (f64x2.mul (f64x2.splat (f64.const 0x1.1111111111111p-7)) (local.get $t))) (f64x2.mul (f64x2.add (f64x2.splat (f64.const 0x1.6c16c16c16c17p-10)) (f64x2.mul (f64x2.splat (f64.const 0x1.a01a01a01a01ap-13)) (local.get $t))) (local.get $t2)))
          (local.get $t4)))
      (f64x2.mul
        (f64x2.add
          (f64x2.add (f64x2.add (f64x2.splat (f64.const 0x1.a01a01a01a01ap-16)) (f64x2.mul (f64x2.splat (f64.const 0x1.71de3a556c734p-19)) (local.get $t))) (f64x2.mul (f64x2.add (f64x2.splat (f64.const 0x1.27e4fb7789f5cp-22)) (f64x2.mul (f64x2.splat (f64.const 0x1.ae64567f544e4p-26)) (local.get $t))) (local.get $t2)))
          (f64x2.mul (f64x2.add (f64x2.splat (f64.const 0x1.1eed8eff8d898p-29)) (f64x2.mul (f64x2.splat (f64.const 0x1.6124613a86d09p-33)) (local.get $t))) (local.get $t4)))
        (f64x2.mul (local.get $t4) (local.get $t4)))))
    ;; 2^n: bits (n + 1023) << 52, n = bits(k) − bits(1.5·2^52) (exact integer)
    (f64x2.mul (local.get $p)
      (i64x2.shl
        (i64x2.add (i64x2.sub (local.get $k) (v128.const i64x2 0x4338000000000000 0x4338000000000000))
          (v128.const i64x2 1023 1023))
        (i32.const 52))))

  ;; ratioPowerUpdate: for s_j ≠ 0, r = kx_j/ref_j, d = r − 1; f = poly(d) if −0.02 < d < 0.02,
  ;; else exp(x·log r) (imported Math.exp/Math.log, one cell at a time); s_j ← s_j f,
  ;; ref_j ← kx_j. Cells with s_j = 0 are left alone (ref_j too). If fastPow ≠ 0, f outside
  ;; the band is $expv(x·$logv(r)) (two cells at a time; within a few ulps of Math's) where
  ;; 2^−1000 ≤ r ≤ 2^1000 and |x log r| ≤ 700, and the imported functions elsewhere.
  (func (export "ratioPower")
    (param $s i32) (param $kx i32) (param $ref i32) (param $n i32) (param $coef i32)
    (param $lo f64) (param $hi f64) (param $fastPow i32) (result f64)
    (local $i i32) (local $p i32) (local $vs v128) (local $vk v128) (local $d v128) (local $r v128)
    (local $f v128) (local $inb v128) (local $skip v128) (local $sn v128) (local $m v128)
    (local $bad v128) (local $vlo v128) (local $vhi v128) (local $x f64) (local $sj f64)
    (local $kj f64) (local $dj f64) (local $fj f64) (local $need v128) (local $y v128)
    (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128)
    (local $c6 v128) (local $c7 v128) (local $c8 v128) (local $end i32)
    (local $d2 v128) (local $d4 v128)
    (local.set $x (f64.load (local.get $coef)))
    (local.set $vlo (f64x2.splat (local.get $lo)))
    (local.set $vhi (f64x2.splat (local.get $hi)))
    (local.set $c1 (v128.load64_splat offset=8 (local.get $coef)))
    (local.set $c2 (v128.load64_splat offset=16 (local.get $coef)))
    (local.set $c3 (v128.load64_splat offset=24 (local.get $coef)))
    (local.set $c4 (v128.load64_splat offset=32 (local.get $coef)))
    (local.set $c5 (v128.load64_splat offset=40 (local.get $coef)))
    (local.set $c6 (v128.load64_splat offset=48 (local.get $coef)))
    (local.set $c7 (v128.load64_splat offset=56 (local.get $coef)))
    (local.set $c8 (v128.load64_splat offset=64 (local.get $coef)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $vs (v128.load align=8 (i32.add (local.get $s) (local.get $i))))
        (local.set $vk (v128.load align=8 (i32.add (local.get $kx) (local.get $i))))
        (local.set $skip (f64x2.eq (local.get $vs) (v128.const f64x2 0 0)))
        (local.set $r
          (f64x2.div (local.get $vk) (v128.load align=8 (i32.add (local.get $ref) (local.get $i)))))
        (local.set $d (f64x2.sub (local.get $r) (f64x2.splat (f64.const 1))))
        (local.set $inb (v128.and (f64x2.gt (local.get $d) (f64x2.splat (f64.const -0.02)))
          (f64x2.lt (local.get $d) (f64x2.splat (f64.const 0.02)))))
        ;; poly(d), inlined (see $poly)
        (local.set $d2 (f64x2.mul (local.get $d) (local.get $d)))
        (local.set $d4 (f64x2.mul (local.get $d2) (local.get $d2)))
        (local.set $f
          (f64x2.add
            (f64x2.add
              (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $c1) (local.get $d)))
              (f64x2.mul (local.get $d2)
                (f64x2.add (local.get $c2) (f64x2.mul (local.get $c3) (local.get $d)))))
            (f64x2.mul (local.get $d4)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (local.get $c4) (f64x2.mul (local.get $c5) (local.get $d)))
                  (f64x2.mul (local.get $d2)
                    (f64x2.add (local.get $c6) (f64x2.mul (local.get $c7) (local.get $d)))))
                (f64x2.mul (local.get $d4) (local.get $c8))))))
        (if (i32.eqz (i32x4.all_true (v128.or (local.get $inb) (local.get $skip))))
          (then
            (local.set $need (v128.not (local.get $inb)))
            (if (local.get $fastPow)
              (then
                (local.set $y (f64x2.mul (f64x2.splat (local.get $x)) (call $logv (local.get $r))))
                (local.set $f (v128.bitselect (local.get $f) (call $expv (local.get $y))
                  (local.get $inb)))
                (local.set $need (v128.andnot (local.get $need)
                  (v128.and
                    (v128.and (f64x2.ge (local.get $r) (f64x2.splat (f64.const 0x1p-1000)))
                      (f64x2.le (local.get $r) (f64x2.splat (f64.const 0x1p+1000))))
                    (f64x2.le (f64x2.abs (local.get $y)) (f64x2.splat (f64.const 700))))))))
            (if (i64.ne (i64x2.extract_lane 0 (local.get $need)) (i64.const 0))
              (then (local.set $f (f64x2.replace_lane 0 (local.get $f)
                (call $exp (f64.mul (local.get $x)
                  (call $log (f64x2.extract_lane 0 (local.get $r)))))))))
            (if (i64.ne (i64x2.extract_lane 1 (local.get $need)) (i64.const 0))
              (then (local.set $f (f64x2.replace_lane 1 (local.get $f)
                (call $exp (f64.mul (local.get $x)
                  (call $log (f64x2.extract_lane 1 (local.get $r)))))))))))
        (local.set $sn (v128.bitselect (local.get $vs)
          (f64x2.mul (local.get $vs) (local.get $f)) (local.get $skip)))
        (v128.store align=8 (i32.add (local.get $s) (local.get $i)) (local.get $sn))
        (v128.store align=8 (i32.add (local.get $ref) (local.get $i))
          (v128.bitselect (v128.load align=8 (i32.add (local.get $ref) (local.get $i)))
            (local.get $vk) (local.get $skip)))
        (local.set $m (f64x2.max (local.get $m) (local.get $sn)))
        (local.set $bad (v128.or (local.get $bad)
          (v128.andnot
            (v128.not (v128.and (f64x2.le (local.get $sn) (local.get $vhi))
              (f64x2.ge (local.get $sn) (local.get $vlo))))
            (local.get $skip))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $p (local.get $i))
        (local.set $sj (f64.load (i32.add (local.get $s) (local.get $p))))
        (if (f64.ne (local.get $sj) (f64.const 0))
          (then
            (local.set $kj (f64.load (i32.add (local.get $kx) (local.get $p))))
            (local.set $fj (f64.div (local.get $kj) (f64.load (i32.add (local.get $ref) (local.get $p)))))
            (local.set $dj (f64.sub (local.get $fj) (f64.const 1)))
            (if (i32.and (f64.gt (local.get $dj) (f64.const -0.02)) (f64.lt (local.get $dj) (f64.const 0.02)))
              (then (local.set $fj (f64x2.extract_lane 0 (call $poly (f64x2.splat (local.get $dj))
                (local.get $c1) (local.get $c2) (local.get $c3) (local.get $c4)
                (local.get $c5) (local.get $c6) (local.get $c7) (local.get $c8)))))
              (else (local.set $fj (call $exp (f64.mul (local.get $x) (call $log (local.get $fj)))))))
            (local.set $sj (f64.mul (local.get $sj) (local.get $fj)))
            (f64.store (i32.add (local.get $ref) (local.get $p)) (local.get $kj))
            (f64.store (i32.add (local.get $s) (local.get $p)) (local.get $sj))
            (local.set $m (f64x2.max (local.get $m) (f64x2.splat (local.get $sj))))
            (if (i32.eqz (i32.and (f64.le (local.get $sj) (local.get $hi))
                  (f64.ge (local.get $sj) (local.get $lo))))
              (then (local.set $bad (v128.const i32x4 -1 -1 -1 -1))))))))
    (call $result (local.get $m) (local.get $bad)))

  ;; Scalings from log-potentials, in place: s_i ← e^{s_i + shift} (a log of −∞ gives 0), by
  ;; $expv where |s_i + shift| ≤ 700 and the imported Math.exp elsewhere (±∞, NaN, overflow
  ;; and underflow as Math's). Returns 1 if every entry with s_i ≠ −∞ has |s_i + shift| < lim,
  ;; else 0 (loadScalings of scalingRange.ts). The last cell of an odd count is done as lane 0
  ;; of a pair whose lane 1 is not stored.
  (func (export "expShift")
    (param $s i32) (param $n i32) (param $shift f64) (param $lim f64) (result i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128) (local $e v128)
    (local $inr v128) (local $bad v128) (local $vs v128) (local $vl v128) (local $odd i32)
    (local.set $vs (f64x2.splat (local.get $shift)))
    (local.set $vl (f64x2.splat (local.get $lim)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $odd (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $x (if (result v128) (local.get $odd)
          (then (v128.load64_splat (i32.add (local.get $s) (local.get $i))))
          (else (v128.load align=8 (i32.add (local.get $s) (local.get $i))))))
        (local.set $y (f64x2.add (local.get $x) (local.get $vs)))
        (local.set $inr (f64x2.le (f64x2.abs (local.get $y)) (f64x2.splat (f64.const 700))))
        (local.set $e (call $expv (local.get $y)))
        (if (i32.eqz (i64x2.all_true (local.get $inr)))
          (then
            (if (i64.eqz (i64x2.extract_lane 0 (local.get $inr)))
              (then (local.set $e (f64x2.replace_lane 0 (local.get $e)
                (call $exp (f64x2.extract_lane 0 (local.get $y)))))))
            (if (i64.eqz (i64x2.extract_lane 1 (local.get $inr)))
              (then (local.set $e (f64x2.replace_lane 1 (local.get $e)
                (call $exp (f64x2.extract_lane 1 (local.get $y)))))))))
        (local.set $bad (v128.or (local.get $bad)
          (v128.andnot
            (v128.not (v128.and (f64x2.lt (local.get $y) (local.get $vl))
              (f64x2.gt (local.get $y) (f64x2.neg (local.get $vl)))))
            (f64x2.eq (local.get $x) (f64x2.splat (f64.const -inf))))))
        (if (local.get $odd)
          (then (f64.store (i32.add (local.get $s) (local.get $i))
            (f64x2.extract_lane 0 (local.get $e))))
          (else (v128.store align=8 (i32.add (local.get $s) (local.get $i)) (local.get $e))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs)))
    (i32.eqz (v128.any_true (local.get $bad))))

  ;; Log-potentials from scalings: out_i = log s_i + shift for s_i > 0, −∞ for s_i = 0 (and
  ;; NaN for NaN), by $logv where 2^−1000 ≤ s_i ≤ 2^1000 and the imported Math.log elsewhere.
  ;; The last cell of an odd count as in expShift.
  (func (export "logShift")
    (param $s i32) (param $out i32) (param $n i32) (param $shift f64)
    (local $i i32) (local $end i32) (local $x v128) (local $l v128) (local $inr v128)
    (local $odd i32) (local $vs v128)
    (local.set $vs (f64x2.splat (local.get $shift)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $odd (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $x (if (result v128) (local.get $odd)
          (then (v128.load64_splat (i32.add (local.get $s) (local.get $i))))
          (else (v128.load align=8 (i32.add (local.get $s) (local.get $i))))))
        (local.set $inr (v128.and (f64x2.ge (local.get $x) (f64x2.splat (f64.const 0x1p-1000)))
          (f64x2.le (local.get $x) (f64x2.splat (f64.const 0x1p+1000)))))
        (local.set $l (call $logv (local.get $x)))
        (if (i32.eqz (i64x2.all_true (local.get $inr)))
          (then
            (if (i64.eqz (i64x2.extract_lane 0 (local.get $inr)))
              (then (local.set $l (f64x2.replace_lane 0 (local.get $l)
                (call $log (f64x2.extract_lane 0 (local.get $x)))))))
            (if (i64.eqz (i64x2.extract_lane 1 (local.get $inr)))
              (then (local.set $l (f64x2.replace_lane 1 (local.get $l)
                (call $log (f64x2.extract_lane 1 (local.get $x)))))))))
        (local.set $l (f64x2.add (local.get $l) (local.get $vs)))
        (if (local.get $odd)
          (then (f64.store (i32.add (local.get $out) (local.get $i))
            (f64x2.extract_lane 0 (local.get $l))))
          (else (v128.store align=8 (i32.add (local.get $out) (local.get $i)) (local.get $l))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $pairs))))
)
