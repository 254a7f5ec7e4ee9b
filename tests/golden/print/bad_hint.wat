(module
  (func (param i32)
    (@metadata.code.branch_hint "\01")
    (drop (local.get 0))))
