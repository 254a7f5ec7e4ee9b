;; memory64 benchmark (issue 7): a 64-bit memory of 32 pages; `run` fills
;; 1 MiB with a byte pattern, then 400 times sums it with i64 loads at i64
;; addresses and rotates the contents by copying between halves
;; (memory.copy with i64 operands). Checksum: the accumulated sums.
(module
  (memory i64 32)
  (func (export "run") (result i64)
    (local $p i64) (local $sum i64) (local $round i32)
    ;; fill [0, 1 MiB) with bytes p * 7
    (block $filled
      (loop $fill
        (br_if $filled (i64.ge_u (local.get $p) (i64.const 1048576)))
        (i64.store8 (local.get $p) (i64.mul (local.get $p) (i64.const 7)))
        (local.set $p (i64.add (local.get $p) (i64.const 1)))
        (br $fill)))
    (block $rounds
      (loop $round
        (br_if $rounds (i32.ge_u (local.get $round) (i32.const 400)))
        (local.set $p (i64.const 0))
        (block $summed
          (loop $sum
            (br_if $summed (i64.ge_u (local.get $p) (i64.const 1048576)))
            (local.set $sum (i64.add (local.get $sum)
              (i64.xor (i64.load (local.get $p)) (local.get $p))))
            (local.set $p (i64.add (local.get $p) (i64.const 8)))
            (br $sum)))
        (memory.copy (i64.const 1048576) (i64.const 0) (i64.const 524288))
        (memory.copy (i64.const 0) (i64.const 524288) (i64.const 524288))
        (memory.copy (i64.const 524288) (i64.const 1048576) (i64.const 524288))
        (local.set $round (i32.add (local.get $round) (i32.const 1)))
        (br $round)))
    (local.get $sum)))
