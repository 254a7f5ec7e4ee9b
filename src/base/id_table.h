// IdTable: per-id state for trace mark ids, a vector indexed by id for small
// ids and a hash map for the rest. Marks can sit in hot loops, where a hash
// lookup per executed mark costs more than everything else the mark does
// (src/itt/ENGINE_ISSUES.md, item 3); mark ids are usually small, but any
// uint32_t is valid, so large ones must not size the vector.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace witt {

template <class T>
class IdTable {
 public:
  static constexpr uint32_t kDenseIds = 4096;

  // The state of `id`, value-initialized on first use.
  T& operator[](uint32_t id) {
    if (id < dense_.size()) [[likely]]
      return dense_[id];
    if (id < kDenseIds) {
      dense_.resize(std::min<size_t>(kDenseIds, size_t{id} * 2 + 16));
      return dense_[id];
    }
    return sparse_[id];
  }

  // The state of `id`, or nullptr if it has none: an id the vector has grown
  // over has one (value-initialized) even if never used; a larger id has one
  // only once used.
  const T* find(uint32_t id) const {
    if (id < dense_.size()) return &dense_[id];
    auto it = sparse_.find(id);
    return it == sparse_.end() ? nullptr : &it->second;
  }

  void clear() {
    dense_.clear();
    sparse_.clear();
  }

 private:
  std::vector<T> dense_;
  std::unordered_map<uint32_t, T> sparse_;
};

}  // namespace witt
