// Host (Linux/POSIX) errno values to WASI $errno.
#pragma once

#include "wasi/abi.h"

namespace witt::wasi {

// Maps a host errno to the WASI errno of the same meaning. Host errnos with no
// WASI counterpart become `io` (an I/O error the guest can report but not act on).
Errno fromHostErrno(int hostErrno);

// fromHostErrno(errno): the error of the host call that just failed.
Errno lastHostError();

}  // namespace witt::wasi
