;; Fused optimiser updates over flat float32 arrays in linear memory, four lanes at a time.
;; Arguments p, g, s0, s1 are byte offsets (16-byte aligned); n4 is the length / 4 (arrays are
;; padded with zeros to a multiple of 4). Every kernel does, lane by lane, exactly the float32
;; operations of the ONNX update graph it replaced, in the same order, so results are identical:
;; the gradient is first multiplied by `coef` (the global-norm clipping factor, 1 without clipping).
(module
  (import "env" "memory" (memory 1))

  ;; Adam: m ← m + (g − m)·c1; v ← v + (g² − v)·c2; p ← p − (m·k) / (√v + ε̂)
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n4 i32)
        (param $c1 f32) (param $c2 f32) (param $k f32) (param $eps f32) (param $coef f32)
    (local $i i32) (local $end i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $C1 v128) (local $C2 v128) (local $K v128) (local $E v128) (local $CO v128)
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $K (f32x4.splat (local.get $k)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $CO (f32x4.splat (local.get $coef)))
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gi (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $CO)))
        (local.set $mi (v128.load (i32.add (local.get $m) (local.get $i))))
        (local.set $mi (f32x4.add (local.get $mi)
          (f32x4.mul (f32x4.sub (local.get $gi) (local.get $mi)) (local.get $C1))))
        (local.set $vi (v128.load (i32.add (local.get $v) (local.get $i))))
        (local.set $vi (f32x4.add (local.get $vi)
          (f32x4.mul (f32x4.sub (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $vi)) (local.get $C2))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mi))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vi))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i)))
            (f32x4.div (f32x4.mul (local.get $mi) (local.get $K))
              (f32x4.add (f32x4.sqrt (local.get $vi)) (local.get $E)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; SGD without momentum: p ← p − g·lr
  (func (export "sgd") (param $p i32) (param $g i32) (param $n4 i32) (param $lr f32) (param $coef f32)
    (local $i i32) (local $end i32) (local $LR v128) (local $CO v128)
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $CO (f32x4.splat (local.get $coef)))
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i)))
            (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $CO))
              (local.get $LR))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; SGD with momentum: b ← b·μ + g; d = b, or g + b·μ (Nesterov); p ← p − d·lr
  (func (export "sgd_momentum") (param $p i32) (param $g i32) (param $b i32) (param $n4 i32)
        (param $lr f32) (param $mu f32) (param $nesterov i32) (param $coef f32)
    (local $i i32) (local $end i32) (local $gi v128) (local $bi v128) (local $d v128)
    (local $LR v128) (local $MU v128) (local $CO v128)
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $MU (f32x4.splat (local.get $mu)))
    (local.set $CO (f32x4.splat (local.get $coef)))
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gi (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $CO)))
        (local.set $bi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $i))) (local.get $MU)) (local.get $gi)))
        (v128.store (i32.add (local.get $b) (local.get $i)) (local.get $bi))
        (local.set $d (local.get $bi))
        (if (local.get $nesterov)
          (then (local.set $d (f32x4.add (local.get $gi) (f32x4.mul (local.get $bi) (local.get $MU))))))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i))) (f32x4.mul (local.get $d) (local.get $LR))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; RMSProp: s ← s·ρ + g²·(1 − ρ); q = g / (√s + ε);
  ;; without momentum p ← p − q·lr; with momentum b ← b·μ + q, p ← p − b·lr
  (func (export "rmsprop") (param $p i32) (param $g i32) (param $s i32) (param $b i32) (param $n4 i32)
        (param $lr f32) (param $rho f32) (param $omr f32) (param $eps f32) (param $mu f32)
        (param $momentum i32) (param $coef f32)
    (local $i i32) (local $end i32) (local $gi v128) (local $si v128) (local $q v128)
    (local $LR v128) (local $RHO v128) (local $OMR v128) (local $E v128) (local $MU v128) (local $CO v128)
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $RHO (f32x4.splat (local.get $rho)))
    (local.set $OMR (f32x4.splat (local.get $omr)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $MU (f32x4.splat (local.get $mu)))
    (local.set $CO (f32x4.splat (local.get $coef)))
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gi (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $CO)))
        (local.set $si (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $s) (local.get $i))) (local.get $RHO))
          (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $OMR))))
        (v128.store (i32.add (local.get $s) (local.get $i)) (local.get $si))
        (local.set $q (f32x4.div (local.get $gi) (f32x4.add (f32x4.sqrt (local.get $si)) (local.get $E))))
        (if (local.get $momentum)
          (then
            (local.set $q (f32x4.add
              (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $i))) (local.get $MU)) (local.get $q)))
            (v128.store (i32.add (local.get $b) (local.get $i)) (local.get $q))))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i))) (f32x4.mul (local.get $q) (local.get $LR))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

  ;; Sparse first layer. Rows are CSR: rowStart (i32, rows + 1 entries), cols (i32), vals (f32);
  ;; W is the row-major [inputs, units] kernel. Units go in blocks of sixteen held in four
  ;; registers across a row's entries (one load of W per four lanes, one store per row, where a
  ;; pass per entry loaded and stored the output too), then lanes of four, then one by one. Every
  ;; output still sums its terms in entry order from 0, so the values are those of that pass.

  ;; out[r, :] = Σ_k vals[k] · W[cols[k], :] for k in rowStart[r] .. rowStart[r + 1]
  (func (export "spmm") (param $w i32) (param $units i32) (param $rs i32) (param $cols i32)
        (param $vals i32) (param $rows i32) (param $out i32)
    (local $r i32) (local $k i32) (local $k0 i32) (local $kend i32) (local $o i32) (local $wr i32)
    (local $u i32) (local $u4 i32) (local $u16 i32) (local $ub i32) (local $v f32) (local $acc f32)
    (local $V v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $stride i32)
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (local.set $u16 (i32.and (local.get $units) (i32.const -16)))
    (block $rdone
      (loop $rnext
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $k0 (i32.load (i32.add (local.get $rs) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $kend (i32.load (i32.add (local.get $rs) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        ;; blocks of sixteen units
        (local.set $u (i32.const 0))
        (block $bdone
          (loop $bnext
            (br_if $bdone (i32.ge_u (local.get $u) (local.get $u16)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $k (local.get $k0))
            (block $kdone
              (loop $knext
                (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $V (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $wr (i32.add (i32.add (local.get $w) (local.get $ub))
                  (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $V) (v128.load (local.get $wr)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $V) (v128.load offset=16 (local.get $wr)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $V) (v128.load offset=32 (local.get $wr)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $V) (v128.load offset=48 (local.get $wr)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $knext)))
            (v128.store (i32.add (local.get $o) (local.get $ub)) (local.get $a0))
            (v128.store offset=16 (i32.add (local.get $o) (local.get $ub)) (local.get $a1))
            (v128.store offset=32 (i32.add (local.get $o) (local.get $ub)) (local.get $a2))
            (v128.store offset=48 (i32.add (local.get $o) (local.get $ub)) (local.get $a3))
            (local.set $u (i32.add (local.get $u) (i32.const 16)))
            (br $bnext)))
        ;; lanes of four
        (block $vdone
          (loop $vnext
            (br_if $vdone (i32.ge_u (local.get $u) (local.get $u4)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $k (local.get $k0))
            (block $kdone4
              (loop $knext4
                (br_if $kdone4 (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $V (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $wr (i32.add (i32.add (local.get $w) (local.get $ub))
                  (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $V) (v128.load (local.get $wr)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $knext4)))
            (v128.store (i32.add (local.get $o) (local.get $ub)) (local.get $a0))
            (local.set $u (i32.add (local.get $u) (i32.const 4)))
            (br $vnext)))
        ;; the rest one by one
        (block $sdone
          (loop $snext
            (br_if $sdone (i32.ge_u (local.get $u) (local.get $units)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (local.set $acc (f32.const 0))
            (local.set $k (local.get $k0))
            (block $kdone1
              (loop $knext1
                (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $v (f32.load (i32.add (local.get $vals) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $wr (i32.add (i32.add (local.get $w) (local.get $ub))
                  (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (local.set $acc (f32.add (local.get $acc) (f32.mul (local.get $v) (f32.load (local.get $wr)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $knext1)))
            (f32.store (i32.add (local.get $o) (local.get $ub)) (local.get $acc))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $snext)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rnext))))

  ;; dW[cols[k], :] += vals[k] · dH[r, :] for every entry k of row r (dW is not cleared here); with
  ;; $sum ≠ -1 also sum[:] += dH[r, :] per row (the column sums the centred columns' term needs).
  ;; dH's block stays in registers across the row's entries; each dW row sees the same additions
  ;; in the same order as a pass per entry.
  (func (export "spmm_t_add") (param $dw i32) (param $units i32) (param $rs i32) (param $cols i32)
        (param $vals i32) (param $rows i32) (param $dh i32) (param $sum i32)
    (local $r i32) (local $k i32) (local $k0 i32) (local $kend i32) (local $h i32) (local $d i32)
    (local $u i32) (local $u4 i32) (local $u16 i32) (local $ub i32) (local $v f32) (local $hv f32)
    (local $V v128) (local $h0 v128) (local $h1 v128) (local $h2 v128) (local $h3 v128) (local $stride i32)
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (local.set $u16 (i32.and (local.get $units) (i32.const -16)))
    (block $rdone
      (loop $rnext
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $h (i32.add (local.get $dh) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $k0 (i32.load (i32.add (local.get $rs) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $kend (i32.load (i32.add (local.get $rs) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (local.set $u (i32.const 0))
        (block $bdone
          (loop $bnext
            (br_if $bdone (i32.ge_u (local.get $u) (local.get $u16)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (local.set $h0 (v128.load (i32.add (local.get $h) (local.get $ub))))
            (local.set $h1 (v128.load offset=16 (i32.add (local.get $h) (local.get $ub))))
            (local.set $h2 (v128.load offset=32 (i32.add (local.get $h) (local.get $ub))))
            (local.set $h3 (v128.load offset=48 (i32.add (local.get $h) (local.get $ub))))
            (local.set $k (local.get $k0))
            (block $kdone
              (loop $knext
                (br_if $kdone (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $V (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $d (i32.add (i32.add (local.get $dw) (local.get $ub))
                  (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (v128.store (local.get $d) (f32x4.add (v128.load (local.get $d)) (f32x4.mul (local.get $V) (local.get $h0))))
                (v128.store offset=16 (local.get $d) (f32x4.add (v128.load offset=16 (local.get $d)) (f32x4.mul (local.get $V) (local.get $h1))))
                (v128.store offset=32 (local.get $d) (f32x4.add (v128.load offset=32 (local.get $d)) (f32x4.mul (local.get $V) (local.get $h2))))
                (v128.store offset=48 (local.get $d) (f32x4.add (v128.load offset=48 (local.get $d)) (f32x4.mul (local.get $V) (local.get $h3))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $knext)))
            (if (i32.ne (local.get $sum) (i32.const -1))
              (then
                (local.set $d (i32.add (local.get $sum) (local.get $ub)))
                (v128.store (local.get $d) (f32x4.add (v128.load (local.get $d)) (local.get $h0)))
                (v128.store offset=16 (local.get $d) (f32x4.add (v128.load offset=16 (local.get $d)) (local.get $h1)))
                (v128.store offset=32 (local.get $d) (f32x4.add (v128.load offset=32 (local.get $d)) (local.get $h2)))
                (v128.store offset=48 (local.get $d) (f32x4.add (v128.load offset=48 (local.get $d)) (local.get $h3)))))
            (local.set $u (i32.add (local.get $u) (i32.const 16)))
            (br $bnext)))
        (block $vdone
          (loop $vnext
            (br_if $vdone (i32.ge_u (local.get $u) (local.get $u4)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (local.set $h0 (v128.load (i32.add (local.get $h) (local.get $ub))))
            (local.set $k (local.get $k0))
            (block $kdone4
              (loop $knext4
                (br_if $kdone4 (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $V (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $d (i32.add (i32.add (local.get $dw) (local.get $ub))
                  (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (v128.store (local.get $d) (f32x4.add (v128.load (local.get $d)) (f32x4.mul (local.get $V) (local.get $h0))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $knext4)))
            (if (i32.ne (local.get $sum) (i32.const -1))
              (then
                (local.set $d (i32.add (local.get $sum) (local.get $ub)))
                (v128.store (local.get $d) (f32x4.add (v128.load (local.get $d)) (local.get $h0)))))
            (local.set $u (i32.add (local.get $u) (i32.const 4)))
            (br $vnext)))
        (block $sdone
          (loop $snext
            (br_if $sdone (i32.ge_u (local.get $u) (local.get $units)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (local.set $hv (f32.load (i32.add (local.get $h) (local.get $ub))))
            (local.set $k (local.get $k0))
            (block $kdone1
              (loop $knext1
                (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $v (f32.load (i32.add (local.get $vals) (i32.shl (local.get $k) (i32.const 2)))))
                (local.set $d (i32.add (i32.add (local.get $dw) (local.get $ub))
                  (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
                (f32.store (local.get $d) (f32.add (f32.load (local.get $d)) (f32.mul (local.get $v) (local.get $hv))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $knext1)))
            (if (i32.ne (local.get $sum) (i32.const -1))
              (then
                (local.set $d (i32.add (local.get $sum) (local.get $ub)))
                (f32.store (local.get $d) (f32.add (f32.load (local.get $d)) (local.get $hv)))))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $snext)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rnext))))

  ;; out[r, :] += c[:] for every row r < rows (the centred columns' constant row, added after the product)
  (func (export "add_row") (param $out i32) (param $units i32) (param $rows i32) (param $c i32)
    (local $r i32) (local $o i32) (local $u i32) (local $u4 i32) (local $ub i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (local.set $u4 (i32.and (local.get $units) (i32.const -4)))
    (block $rdone
      (loop $rnext
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $u (i32.const 0))
        (block $vdone
          (loop $vnext
            (br_if $vdone (i32.ge_u (local.get $u) (local.get $u4)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (v128.store (i32.add (local.get $o) (local.get $ub))
              (f32x4.add (v128.load (i32.add (local.get $o) (local.get $ub))) (v128.load (i32.add (local.get $c) (local.get $ub)))))
            (local.set $u (i32.add (local.get $u) (i32.const 4)))
            (br $vnext)))
        (block $sdone
          (loop $snext
            (br_if $sdone (i32.ge_u (local.get $u) (local.get $units)))
            (local.set $ub (i32.shl (local.get $u) (i32.const 2)))
            (f32.store (i32.add (local.get $o) (local.get $ub))
              (f32.add (f32.load (i32.add (local.get $o) (local.get $ub))) (f32.load (i32.add (local.get $c) (local.get $ub)))))
            (local.set $u (i32.add (local.get $u) (i32.const 1)))
            (br $snext)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rnext))))

  ;; Dropout masks (masks.ts): four xorshift32 chains, one per lane, started where the serial
  ;; chain reaches draws 0, q, 2q and 3q, so lane j writes draws j·q … j·q + q − 1 of the serial
  ;; sequence, each draw two 16-bit uniforms → two i32 values (scale's bits when kept, 0 dropped),
  ;; at out + 8·(j·q + i). Same values as the serial loop, a quarter of its dependent steps.
  (func (export "dropout_mask4") (param $out i32) (param $q i32) (param $s0 i32) (param $s1 i32)
        (param $s2 i32) (param $s3 i32) (param $scale i32) (param $t i32)
    (local $i i32) (local $p i32) (local $stride i32) (local $S v128) (local $R v128) (local $LO v128)
    (local $HI v128) (local $A v128) (local $B v128) (local $SC v128) (local $T v128)
    (local.set $S (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1
      (i32x4.splat (local.get $s0)) (local.get $s1)) (local.get $s2)) (local.get $s3)))
    (local.set $SC (i32x4.splat (local.get $scale)))
    (local.set $T (i32x4.splat (local.get $t)))
    (local.set $stride (i32.shl (local.get $q) (i32.const 3)))
    (local.set $p (local.get $out))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $q)))
        (local.set $S (v128.xor (local.get $S) (i32x4.shl (local.get $S) (i32.const 13))))
        (local.set $S (v128.xor (local.get $S) (i32x4.shr_u (local.get $S) (i32.const 17))))
        (local.set $S (v128.xor (local.get $S) (i32x4.shl (local.get $S) (i32.const 5))))
        (local.set $R (i32x4.mul (local.get $S) (v128.const i32x4 0x9e3779bb 0x9e3779bb 0x9e3779bb 0x9e3779bb)))
        ;; (u − t) >> 31 is all ones when u < t (dropped): scale & ~that
        (local.set $LO (v128.andnot (local.get $SC) (i32x4.shr_s (i32x4.sub
          (v128.and (local.get $R) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff)) (local.get $T)) (i32.const 31))))
        (local.set $HI (v128.andnot (local.get $SC) (i32x4.shr_s (i32x4.sub
          (i32x4.shr_u (local.get $R) (i32.const 16)) (local.get $T)) (i32.const 31))))
        ;; [lo0 hi0 lo1 hi1] and [lo2 hi2 lo3 hi3]: each lane's pair as one 64-bit store
        (local.set $A (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $LO) (local.get $HI)))
        (local.set $B (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $LO) (local.get $HI)))
        (v128.store64_lane 0 (local.get $p) (local.get $A))
        (v128.store64_lane 1 (i32.add (local.get $p) (local.get $stride)) (local.get $A))
        (v128.store64_lane 0 (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 1))) (local.get $B))
        (v128.store64_lane 1 (i32.add (local.get $p) (i32.mul (local.get $stride) (i32.const 3))) (local.get $B))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; x ← 0 where |x| < 1e-30 (optimizer.ts flushSlots: slots that decay toward denormals)
  (func (export "flush_tiny") (param $x i32) (param $n4 i32)
    (local $i i32) (local $end i32) (local $v v128) (local $TINY v128)
    (local.set $TINY (f32x4.splat (f32.const 1e-30)))
    (local.set $end (i32.shl (local.get $n4) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (i32.add (local.get $x) (local.get $i))))
        (v128.store (i32.add (local.get $x) (local.get $i))
          (v128.andnot (local.get $v) (f32x4.lt (f32x4.abs (local.get $v)) (local.get $TINY))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))
)
