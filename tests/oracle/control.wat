;; Control flow for the ops oracle (ops_oracle.py): every way to leave a
;; block, loop or if, plus calls (direct, indirect, returning from inside
;; blocks) and a trap. `run` returns a checksum; `trap` divides by zero after
;; doing some of the same work.
(module
  (type $ii (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $double $classify $early)
  (memory 1)

  (func $double (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))

  ;; br_table to three depths, and the default
  (func $classify (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (br 0))
    (i32.const 40))

  ;; a return from inside nested blocks and a loop
  (func $early (param i32) (result i32) (local i32)
    (block
      (loop $l
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (if (i32.ge_u (local.get 1) (local.get 0))
          (then (block (return (i32.mul (local.get 1) (i32.const 3))))))
        (br_if $l (i32.lt_u (local.get 1) (i32.const 100)))))
    (i32.const -1))

  (func $mix (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (loop $next
      ;; if without else, taken or not
      (if (i32.and (local.get $i) (i32.const 1))
        (then (local.set $acc (i32.add (local.get $acc) (i32.const 1)))))
      ;; if/else both ways, with a value
      (local.set $acc
        (i32.add (local.get $acc)
          (if (result i32) (i32.rem_u (local.get $i) (i32.const 3))
            (then (call $double (local.get $i)))
            (else (i32.const 7)))))
      ;; a block left by br_if with a value, or by falling through
      (local.set $acc
        (i32.add (local.get $acc)
          (block $v (result i32)
            (drop (br_if $v (i32.const 5) (i32.eqz (i32.rem_u (local.get $i) (i32.const 4)))))
            (i32.const 6))))
      ;; indirect calls through the table
      (local.set $acc
        (i32.add (local.get $acc)
          (call_indirect (type $ii) (i32.rem_u (local.get $i) (i32.const 5))
                                    (i32.rem_u (local.get $i) (i32.const 3)))))
      (local.set $acc (i32.add (local.get $acc)
        (select (i32.const 1) (i32.const 2) (i32.and (local.get $i) (i32.const 2)))))
      (i32.store (i32.const 16) (local.get $acc))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (i32.load (i32.const 16)))

  (func (export "run") (result i32) (call $mix (i32.const 50)))

  (func (export "trap") (result i32)
    (drop (call $mix (i32.const 20)))
    (i32.div_u (i32.const 1) (i32.sub (i32.const 40) (call $classify (i32.const 7))))))
