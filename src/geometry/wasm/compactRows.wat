;; The interior rows of the compact m = 2 porous-medium sweep (squareSweep.ts, compactSquare2D)
;; on two cells per instruction (WebAssembly SIMD, f64x2): cells j and j + 1 of a row form one
;; vector, every neighbour is an unaligned load, and the two upwind branches of each face are both
;; computed and one is selected by the sign of the face velocity (the JavaScript loop branches).
;; The fluxes, rates and limiter values are the same IEEE operations in the same order as the
;; JavaScript loop, so dρ/dt and the rates equal it bit for bit:
;; - `a > b ? a : b` is f64x2.pmax(b, a) (pmax(x, y) = x < y ? y : x), including NaN and ±0;
;;   `g < 0 ? g : 0` is f64x2.pmin(0, g);
;; - a branch that leaves s = 0 is a mask AND (+0 where the condition is false, NaN false);
;; - the west face of cell j + 1 is the east face of cell j: the carried west values are the
;;   previous pair's second lane and this pair's first lane (one shuffle).
;; An odd count runs its last cell b as a pair with the cell b + 1 after it, which is not active:
;; by the active region's construction (activeRegion.ts: b ≥ hi_i + 1, b ≥ hi_{i±1}) the cells
;; b, b + 1 of row i and b + 1 of rows i ± 1 are empty, so every face velocity of cell b + 1 is 0
;; and its rate r = 0 (the maximum is unchanged) and its dρ/dt is +0, what the JavaScript sweep
;; leaves outside the active columns; its north flux (±0) lands in row i + 1 at column b + 1,
;; which that row's openRow zeroes or, outside its active columns, leaves unspecified as
;; compactSquare2D does without zeroOutside. (A limiter slope of that cell may read ρ past the
;; row, but it is multiplied by a zero velocity; ρ past the last row is the padding.)
;;
;; interiorRow(p, q, s, count, k0, k1, θ, rmax) → the new rmax: p the byte address of ρ[row + a]
;; (ρ at byte 0 of the memory, n1 columns, row i with 1 ≤ i ≤ n0 − 3, 1 ≤ a, b + 3 ≤ n1, and
;; ≥ 4 doubles of padding after ρ), q the byte address of out[row + a] (out holds the south
;; fluxes of row i from row i − 1, as in compactSquare2D), s = 8·n1, count = b − a + 1 ≥ 1.
;; Writes dρ/dt into out[row + a … row + b] and the north fluxes into out[row + n1 + a …]; adds
;; Σ dρ/dt (lane by lane: only its finiteness is used) to the global `check`.
(module
  (memory (export "memory") 1)
  (global $check (export "check") (mut f64) (f64.const 0))
  (global $rhoMax (export "rhoMax") (mut f64) (f64.const 0))
  (global $negative (export "negative") (mut i32) (i32.const 0))
  (func (export "interiorRow")
    (param $p i32) (param $q i32) (param $s i32) (param $count i32)
    (param $k0 f64) (param $k1 f64) (param $theta f64) (param $rmax f64) (result f64)
    (local $k i32)
    (local $vk0 v128) (local $vk1 v128) (local $th v128) (local $half v128) (local $zero v128)
    (local $vmax v128) (local $vcheck v128)
    (local $r0 v128) (local $r1 v128) (local $rN v128) (local $rS v128)
    (local $dpq v128) (local $dqp v128) (local $back v128) (local $fwd v128) (local $w v128)
    (local $m v128) (local $gE v128) (local $outE v128) (local $inE v128) (local $dE v128)
    (local $dv v128) (local $wv v128) (local $up v128) (local $dn v128)
    (local $gN v128) (local $outN v128) (local $gS v128) (local $o v128) (local $r v128)
    (local $pE v128) (local $pIn v128) (local $pD v128)
    (local.set $vk0 (f64x2.splat (local.get $k0)))
    (local.set $vk1 (f64x2.splat (local.get $k1)))
    (local.set $th (f64x2.splat (local.get $theta)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $zero (f64x2.splat (f64.const 0)))
    (local.set $vmax (f64x2.splat (local.get $rmax)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $r0 (v128.load (local.get $p)))
        (local.set $r1 (v128.load offset=8 (local.get $p)))
        (local.set $rN (v128.load (i32.add (local.get $p) (local.get $s))))
        (local.set $rS (v128.load (i32.sub (local.get $p) (local.get $s))))
        ;; East face (p, p + 1).
        (local.set $dpq (f64x2.sub (local.get $r0) (local.get $r1)))
        (local.set $dqp (f64x2.sub (local.get $r1) (local.get $r0)))
        (local.set $back
          (f64x2.sub (local.get $r0) (v128.load (i32.sub (local.get $p) (i32.const 8)))))
        (local.set $fwd (f64x2.sub (local.get $r1) (v128.load offset=16 (local.get $p))))
        (local.set $w (f64x2.mul (local.get $dpq) (local.get $vk1)))
        (local.set $m (f64x2.gt (local.get $w) (local.get $zero)))
        (local.set $gE
          (f64x2.mul
            (local.get $w)
            (v128.bitselect
              ;; w > 0: ρ_p + s/2, s = back < 0 ? max(θ·max(back, dqp), (back + dqp)/2) : 0
              (f64x2.add
                (local.get $r0)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (f64x2.lt (local.get $back) (local.get $zero))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dqp) (local.get $back)))
                      (f64x2.mul
                        (local.get $half)
                        (f64x2.add (local.get $back) (local.get $dqp)))))))
              ;; else: ρ_q + s/2, s = fwd < 0 and dpq < 0 ? max(θ·max(fwd, dpq), (fwd + dpq)/2) : 0
              (f64x2.add
                (local.get $r1)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (v128.and
                      (f64x2.lt (local.get $fwd) (local.get $zero))
                      (f64x2.lt (local.get $dpq) (local.get $zero)))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dpq) (local.get $fwd)))
                      (f64x2.mul
                        (local.get $half)
                        (f64x2.add (local.get $fwd) (local.get $dpq)))))))
              (local.get $m))))
        (local.set $outE (v128.and (local.get $gE) (local.get $m)))
        (local.set $inE (v128.andnot (local.get $gE) (local.get $m)))
        (local.set $dE (f64x2.mul (local.get $vk1) (f64x2.pmax (local.get $r1) (local.get $r0))))
        ;; North face (p, p + n1).
        (local.set $dv (f64x2.sub (local.get $r0) (local.get $rN)))
        (local.set $wv (f64x2.mul (local.get $dv) (local.get $vk0)))
        (local.set $m (f64x2.gt (local.get $wv) (local.get $zero)))
        (local.set $up (f64x2.sub (local.get $r0) (local.get $rS)))
        (local.set $dn (f64x2.sub (local.get $rN) (local.get $r0)))
        (local.set $fwd
          (f64x2.sub
            (local.get $rN)
            (v128.load (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 1))))))
        (local.set $gN
          (f64x2.mul
            (local.get $wv)
            (v128.bitselect
              (f64x2.add
                (local.get $r0)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (f64x2.lt (local.get $up) (local.get $zero))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dn) (local.get $up)))
                      (f64x2.mul (local.get $half) (f64x2.add (local.get $up) (local.get $dn)))))))
              (f64x2.add
                (local.get $rN)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (v128.and
                      (f64x2.lt (local.get $fwd) (local.get $zero))
                      (f64x2.lt (local.get $dv) (local.get $zero)))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dv) (local.get $fwd)))
                      (f64x2.mul (local.get $half) (f64x2.add (local.get $fwd) (local.get $dv)))))))
              (local.get $m))))
        (local.set $outN (v128.and (local.get $gN) (local.get $m)))
        ;; dρ/dt = gW − gE + gS − gN; the north flux is the next row's south flux.
        (local.set $gS (v128.load (local.get $q)))
        (local.set $o
          (f64x2.sub
            (f64x2.add
              (f64x2.sub
                (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
                  (local.get $pE) (local.get $gE))
                (local.get $gE))
              (local.get $gS))
            (local.get $gN)))
        (v128.store (local.get $q) (local.get $o))
        (v128.store (i32.add (local.get $q) (local.get $s)) (local.get $gN))
        (local.set $vcheck (f64x2.add (local.get $vcheck) (local.get $o)))
        ;; r = dW + dE + dS + dN (+ outflow / ρ_p where ρ_p > 0).
        (local.set $r
          (f64x2.add
            (f64x2.add
              (f64x2.add
                (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
                  (local.get $pD) (local.get $dE))
                (local.get $dE))
              (f64x2.mul (local.get $vk0) (f64x2.pmax (local.get $r0) (local.get $rS))))
            (f64x2.mul (local.get $vk0) (f64x2.pmax (local.get $rN) (local.get $r0)))))
        (local.set $r
          (v128.bitselect
            (f64x2.add
              (local.get $r)
              (f64x2.div
                (f64x2.sub
                  (f64x2.add
                    (f64x2.sub
                      (local.get $outE)
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
                        (local.get $pIn) (local.get $inE)))
                    (local.get $outN))
                  (f64x2.pmin (local.get $zero) (local.get $gS)))
                (local.get $r0)))
            (local.get $r)
            (f64x2.gt (local.get $r0) (local.get $zero))))
        (local.set $vmax (f64x2.pmax (local.get $vmax) (local.get $r)))
        (local.set $pE (local.get $gE))
        (local.set $pIn (local.get $inE))
        (local.set $pD (local.get $dE))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $next)))
    (global.set $check
      (f64.add
        (global.get $check)
        (f64.add
          (f64x2.extract_lane 0 (local.get $vcheck))
          (f64x2.extract_lane 1 (local.get $vcheck)))))
    ;; max of the lanes, as the sequential `if (r > rmax) rmax = r`
    (f64.max
      (f64x2.extract_lane 0 (local.get $vmax))
      (f64x2.extract_lane 1 (local.get $vmax))));; eulerRows(act, n0, n1, outByte, dt) → 1 if an updated ρ is negative or not finite, else 0:
;; the forward-Euler stage ρ ← ρ + dt·dρ/dt on the active columns [a_i, b_i] of every row
;; (act: the byte address of the Int32 pairs a_i, b_i; empty rows have a_i > b_i), in place on
;; ρ at byte 0 with dρ/dt at outByte — compactStage2D's a = 0 loop (compactSweeps.ts), two cells
;; per instruction and the same IEEE operations, so the same values bit for bit.
  (func (export "eulerRows")
    (param $act i32) (param $n0 i32) (param $n1 i32) (param $outByte i32) (param $dt f64)
    (result i32)
    (local $i i32) (local $a i32) (local $b i32) (local $p i32) (local $last i32)
    (local $bad i32) (local $x f64) (local $v v128) (local $ok v128) (local $vdt v128)
    (local.set $vdt (f64x2.splat (local.get $dt)))
    (local.set $ok (v128.const i64x2 -1 -1))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n0)))
        (local.set $a (i32.load (local.get $act)))
        (local.set $b (i32.load offset=4 (local.get $act)))
        (if (i32.le_s (local.get $a) (local.get $b))
          (then
            (local.set $p
              (i32.shl
                (i32.add (i32.mul (local.get $i) (local.get $n1)) (local.get $a))
                (i32.const 3)))
            (local.set $last
              (i32.shl
                (i32.add (i32.mul (local.get $i) (local.get $n1)) (local.get $b))
                (i32.const 3)))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $last)))
                (local.set $v
                  (f64x2.add
                    (v128.load (local.get $p))
                    (f64x2.mul
                      (local.get $vdt)
                      (v128.load (i32.add (local.get $p) (local.get $outByte))))))
                (v128.store (local.get $p) (local.get $v))
                (local.set $ok
                  (v128.and
                    (local.get $ok)
                    (v128.and
                      (f64x2.ge (local.get $v) (f64x2.splat (f64.const 0)))
                      (f64x2.lt (local.get $v) (f64x2.splat (f64.const inf))))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $pair)))
            ;; an odd count: the last cell alone
            (if (i32.eq (local.get $p) (local.get $last))
              (then
                (local.set $x
                  (f64.add
                    (f64.load (local.get $p))
                    (f64.mul
                      (local.get $dt)
                      (f64.load (i32.add (local.get $p) (local.get $outByte))))))
                (f64.store (local.get $p) (local.get $x))
                (if (i32.eqz
                      (i32.and
                        (f64.ge (local.get $x) (f64.const 0))
                        (f64.lt (local.get $x) (f64.const inf))))
                  (then (local.set $bad (i32.const 1))))))))
        (local.set $act (i32.add (local.get $act) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (i32.or (local.get $bad) (i32.eqz (i64x2.all_true (local.get $ok)))))
;; stageRows(act, n0, n1, outByte, u0Byte, dt, a) → 1 if an updated ρ is negative or not finite:
;; the SSP Runge–Kutta stage ρ ← a·u0 + (1 − a)·ρ + (1 − a)dt·dρ/dt on the active columns of
;; each row and ρ ← a·u0 + (1 − a)·ρ on the others (every cell), in place on ρ at byte 0 with
;; dρ/dt at outByte and u0 at u0Byte — compactStage2D's a ≠ 0 loop (compactSweeps.ts), the same
;; operations in the same order; a lane is inside the active columns by its column index.
  (func (export "stageRows")
    (param $act i32) (param $n0 i32) (param $n1 i32) (param $outByte i32) (param $u0Byte i32)
    (param $dt f64) (param $a f64) (result i32)
    (local $i i32) (local $j i32) (local $lo i32) (local $hi i32) (local $p i32) (local $end i32)
    (local $bad i32) (local $b f64) (local $bdt f64) (local $x f64)
    (local $va v128) (local $vb v128) (local $vbdt v128) (local $jv v128) (local $loV v128)
    (local $hiV v128) (local $s v128) (local $v v128) (local $ok v128)
    (local.set $b (f64.sub (f64.const 1) (local.get $a)))
    (local.set $bdt (f64.mul (local.get $b) (local.get $dt)))
    (local.set $va (f64x2.splat (local.get $a)))
    (local.set $vb (f64x2.splat (local.get $b)))
    (local.set $vbdt (f64x2.splat (local.get $bdt)))
    (local.set $ok (v128.const i64x2 -1 -1))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n0)))
        (local.set $lo (i32.load (local.get $act)))
        (local.set $hi (i32.load offset=4 (local.get $act)))
        (local.set $loV (i64x2.splat (i64.extend_i32_s (local.get $lo))))
        (local.set $hiV (i64x2.splat (i64.extend_i32_s (local.get $hi))))
        (local.set $p (i32.shl (i32.mul (local.get $i) (local.get $n1)) (i32.const 3)))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n1) (i32.const 3))))
        (local.set $jv (v128.const i64x2 0 1))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
            (local.set $s
              (f64x2.add
                (f64x2.mul (local.get $va) (v128.load (i32.add (local.get $p) (local.get $u0Byte))))
                (f64x2.mul (local.get $vb) (v128.load (local.get $p)))))
            (local.set $v
              (v128.bitselect
                (f64x2.add
                  (local.get $s)
                  (f64x2.mul
                    (local.get $vbdt)
                    (v128.load (i32.add (local.get $p) (local.get $outByte)))))
                (local.get $s)
                (v128.and
                  (i64x2.ge_s (local.get $jv) (local.get $loV))
                  (i64x2.le_s (local.get $jv) (local.get $hiV)))))
            (v128.store (local.get $p) (local.get $v))
            (local.set $ok
              (v128.and
                (local.get $ok)
                (v128.and
                  (f64x2.ge (local.get $v) (f64x2.splat (f64.const 0)))
                  (f64x2.lt (local.get $v) (f64x2.splat (f64.const inf))))))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 2 2)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $pair)))
        ;; an odd n1: the row's last cell alone
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (local.set $x
              (f64.add
                (f64.mul (local.get $a) (f64.load (i32.add (local.get $p) (local.get $u0Byte))))
                (f64.mul (local.get $b) (f64.load (local.get $p)))))
            (if (i32.and
                  (i32.ge_s (local.get $j) (local.get $lo))
                  (i32.le_s (local.get $j) (local.get $hi)))
              (then
                (local.set $x
                  (f64.add
                    (local.get $x)
                    (f64.mul
                      (local.get $bdt)
                      (f64.load (i32.add (local.get $p) (local.get $outByte))))))))
            (f64.store (local.get $p) (local.get $x))
            (if (i32.eqz
                  (i32.and
                    (f64.ge (local.get $x) (f64.const 0))
                    (f64.lt (local.get $x) (f64.const inf))))
              (then (local.set $bad (i32.const 1))))))
        (local.set $act (i32.add (local.get $act) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (i32.or (local.get $bad) (i32.eqz (i64x2.all_true (local.get $ok)))))
;; monotoneRow(p, q, s, count, c0, c1, θ, κ, rmax) → the new rmax: one interior row of the
;; compact sweep for the pure m = 3 power energy (monotoneSweep.ts, compactMonotone2D with kD = 0),
;; ψ = κ·(ρ·ρ) computed here from ρ as pointwisePsi.ts computes it, the face velocities
;; (ψ_p − ψ_q)/h², the rest as interiorRow (the same selections and order of operations; the
;; rate has no diffusion terms: r = 0 (+ outflow / ρ_p where ρ_p > 0)). Arguments as interiorRow
;; with c0 = 1/h0², c1 = 1/h1². Also max ρ_p into the global rhoMax and, if some ρ_p < 0 on the
;; row, 1 into the global negative (the caller then redoes the sweep on its general path: the
;; monotone form needs ρ ≥ 0). The odd last cell: as interiorRow (ψ of empty cells is +0).
  (func (export "monotoneRow")
    (param $p i32) (param $q i32) (param $s i32) (param $count i32)
    (param $c0 f64) (param $c1 f64) (param $theta f64) (param $kappa f64) (param $rmax f64)
    (result f64)
    (local $k i32)
    (local $vc0 v128) (local $vc1 v128) (local $th v128) (local $half v128) (local $zero v128)
    (local $vk v128) (local $vmax v128) (local $vcheck v128) (local $vrho v128) (local $neg v128)
    (local $r0 v128) (local $r1 v128) (local $rN v128) (local $rS v128) (local $x0 v128)
    (local $dpq v128) (local $dqp v128) (local $back v128) (local $fwd v128) (local $w v128)
    (local $m v128) (local $gE v128) (local $outE v128) (local $inE v128)
    (local $dv v128) (local $wv v128) (local $up v128) (local $dn v128)
    (local $gN v128) (local $outN v128) (local $gS v128) (local $o v128)
    (local $pE v128) (local $pIn v128)
    (local.set $vc0 (f64x2.splat (local.get $c0)))
    (local.set $vc1 (f64x2.splat (local.get $c1)))
    (local.set $th (f64x2.splat (local.get $theta)))
    (local.set $vk (f64x2.splat (local.get $kappa)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $zero (f64x2.splat (f64.const 0)))
    (local.set $vmax (f64x2.splat (local.get $rmax)))
    (local.set $vrho (f64x2.splat (global.get $rhoMax)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $r0 (v128.load (local.get $p)))
        (local.set $r1 (v128.load offset=8 (local.get $p)))
        (local.set $rN (v128.load (i32.add (local.get $p) (local.get $s))))
        (local.set $rS (v128.load (i32.sub (local.get $p) (local.get $s))))
        (local.set $x0 (f64x2.mul (local.get $vk) (f64x2.mul (local.get $r0) (local.get $r0))))
        ;; East face (p, p + 1).
        (local.set $dpq (f64x2.sub (local.get $r0) (local.get $r1)))
        (local.set $dqp (f64x2.sub (local.get $r1) (local.get $r0)))
        (local.set $back
          (f64x2.sub (local.get $r0) (v128.load (i32.sub (local.get $p) (i32.const 8)))))
        (local.set $fwd (f64x2.sub (local.get $r1) (v128.load offset=16 (local.get $p))))
        (local.set $w
          (f64x2.mul
            (f64x2.sub
              (local.get $x0)
              (f64x2.mul (local.get $vk) (f64x2.mul (local.get $r1) (local.get $r1))))
            (local.get $vc1)))
        (local.set $m (f64x2.gt (local.get $w) (local.get $zero)))
        (local.set $gE
          (f64x2.mul
            (local.get $w)
            (v128.bitselect
              (f64x2.add
                (local.get $r0)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (f64x2.lt (local.get $back) (local.get $zero))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dqp) (local.get $back)))
                      (f64x2.mul
                        (local.get $half)
                        (f64x2.add (local.get $back) (local.get $dqp)))))))
              (f64x2.add
                (local.get $r1)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (v128.and
                      (f64x2.lt (local.get $fwd) (local.get $zero))
                      (f64x2.lt (local.get $dpq) (local.get $zero)))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dpq) (local.get $fwd)))
                      (f64x2.mul
                        (local.get $half)
                        (f64x2.add (local.get $fwd) (local.get $dpq)))))))
              (local.get $m))))
        (local.set $outE (v128.and (local.get $gE) (local.get $m)))
        (local.set $inE (v128.andnot (local.get $gE) (local.get $m)))
        ;; North face (p, p + n1).
        (local.set $dv (f64x2.sub (local.get $r0) (local.get $rN)))
        (local.set $wv
          (f64x2.mul
            (f64x2.sub
              (local.get $x0)
              (f64x2.mul (local.get $vk) (f64x2.mul (local.get $rN) (local.get $rN))))
            (local.get $vc0)))
        (local.set $m (f64x2.gt (local.get $wv) (local.get $zero)))
        (local.set $up (f64x2.sub (local.get $r0) (local.get $rS)))
        (local.set $dn (f64x2.sub (local.get $rN) (local.get $r0)))
        (local.set $fwd
          (f64x2.sub
            (local.get $rN)
            (v128.load (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 1))))))
        (local.set $gN
          (f64x2.mul
            (local.get $wv)
            (v128.bitselect
              (f64x2.add
                (local.get $r0)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (f64x2.lt (local.get $up) (local.get $zero))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dn) (local.get $up)))
                      (f64x2.mul (local.get $half) (f64x2.add (local.get $up) (local.get $dn)))))))
              (f64x2.add
                (local.get $rN)
                (f64x2.mul
                  (local.get $half)
                  (v128.and
                    (v128.and
                      (f64x2.lt (local.get $fwd) (local.get $zero))
                      (f64x2.lt (local.get $dv) (local.get $zero)))
                    (f64x2.pmax
                      (f64x2.mul (local.get $th) (f64x2.pmax (local.get $dv) (local.get $fwd)))
                      (f64x2.mul (local.get $half) (f64x2.add (local.get $fwd) (local.get $dv)))))))
              (local.get $m))))
        (local.set $outN (v128.and (local.get $gN) (local.get $m)))
        (local.set $gS (v128.load (local.get $q)))
        (local.set $o
          (f64x2.sub
            (f64x2.add
              (f64x2.sub
                (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
                  (local.get $pE) (local.get $gE))
                (local.get $gE))
              (local.get $gS))
            (local.get $gN)))
        (v128.store (local.get $q) (local.get $o))
        (v128.store (i32.add (local.get $q) (local.get $s)) (local.get $gN))
        (local.set $vcheck (f64x2.add (local.get $vcheck) (local.get $o)))
        ;; r = 0 + outflow / ρ_p where ρ_p > 0, else 0
        (local.set $vmax
          (f64x2.pmax
            (local.get $vmax)
            (v128.and
              (f64x2.add
                (local.get $zero)
                (f64x2.div
                  (f64x2.sub
                    (f64x2.add
                      (f64x2.sub
                        (local.get $outE)
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
                          (local.get $pIn) (local.get $inE)))
                      (local.get $outN))
                    (f64x2.pmin (local.get $zero) (local.get $gS)))
                  (local.get $r0)))
              (f64x2.gt (local.get $r0) (local.get $zero)))))
        (local.set $vrho (f64x2.pmax (local.get $vrho) (local.get $r0)))
        (local.set $neg (v128.or (local.get $neg) (f64x2.lt (local.get $r0) (local.get $zero))))
        (local.set $pE (local.get $gE))
        (local.set $pIn (local.get $inE))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $next)))
    (global.set $check
      (f64.add
        (global.get $check)
        (f64.add
          (f64x2.extract_lane 0 (local.get $vcheck))
          (f64x2.extract_lane 1 (local.get $vcheck)))))
    (global.set $rhoMax
      (f64.max (f64x2.extract_lane 0 (local.get $vrho)) (f64x2.extract_lane 1 (local.get $vrho))))
    (if (v128.any_true (local.get $neg)) (then (global.set $negative (i32.const 1))))
    (f64.max
      (f64x2.extract_lane 0 (local.get $vmax))
      (f64x2.extract_lane 1 (local.get $vmax))))
)
