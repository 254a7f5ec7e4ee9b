;; The fixed module of the golden tests (check_golden.py): recursion, a loop
;; with indirect calls, SIMD, and a trap. `main n` returns
;; fib(n) + (1^2 + ... + n^2) + 8; `fail` traps after calling fib(3).
(module
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $square $fib)

  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))

  (func $sum_squares (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc)
          (call_indirect (type $unary) (local.get $i) (i32.const 0))))
        (br $next)))
    (local.get $acc))

  (func $simd (result i32)
    (i32x4.extract_lane 2 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 4 4 5 4))))

  (func (export "main") (param $n i32) (result i32)
    (i32.add (call $fib (local.get $n))
      (i32.add (call $sum_squares (local.get $n)) (call $simd))))

  (func (export "fail") (result i32)
    (drop (call $fib (i32.const 3)))
    (unreachable)))
