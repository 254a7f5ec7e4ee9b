// FunctionNames: resolved once per module, since spec::Module::funcName
// searches the exports on every call and reports name many functions.
#include "spec/module.h"
#include "witt/profiles.h"

namespace witt {

FunctionNames::FunctionNames(const Module& module) {
  const spec::Module& m = module.ir();
  names_.resize(m.numFuncs());
  for (uint32_t i = 0; i < m.numFuncs(); ++i) names_[i] = m.funcName(i);
}

std::string FunctionNames::operator()(uint32_t funcIdx) const {
  if (funcIdx < names_.size() && !names_[funcIdx].empty()) return names_[funcIdx];
  return "func[" + std::to_string(funcIdx) + "]";
}

}  // namespace witt
