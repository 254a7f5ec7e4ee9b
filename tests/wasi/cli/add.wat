;; No WASI at all: `witt run add.wat --invoke add 2 3` as before.
(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
