;; Throw-and-catch benchmark (issue 7): `run` calls `work` 2,000,000 times;
;; `work` throws a tagged exception carrying an i32 on every call whose
;; argument is odd; the caller catches it (legacy try/catch, which node 20
;; runs by default) and accumulates the payload. Checksum: the sum of all
;; values returned or caught.
(module
  (tag $odd (param i32))
  (func $work (param $i i32) (result i32)
    (if (i32.and (local.get $i) (i32.const 1))
      (then (throw $odd (i32.mul (local.get $i) (i32.const 3)))))
    (i32.add (local.get $i) (i32.const 1)))
  (func (export "run") (result i64)
    (local $i i32) (local $sum i64) (local $caught i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 2000000)))
        (try
          (do
            (local.set $sum (i64.add (local.get $sum)
              (i64.extend_i32_u (call $work (local.get $i))))))
          (catch $odd
            (local.set $caught)
            (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $caught))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
