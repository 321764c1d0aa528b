;; Inner loops of SeparableGibbsKernel (src/ot/separableGibbsKernel.ts): one-dimensional
;; convolutions with a short symmetric table, on f64 arrays in the imported memory.
;; Assembled by `npm run build:wasm` (scripts/buildWasm.ts) into band.generated.ts; the
;; JavaScript fallback with the same contract is jsBandPasses in bandPasses.ts.
;;
;; All pointers are byte offsets (8-byte aligned). `table` points at the k = 0 entry of a
;; symmetric weight table stored in full: the weight of offset k (−w ≤ k ≤ w) is the f64 at
;; table + 8k.
(module
  (import "env" "mem" (memory 1))

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
)
