// Inlining hints for the runtime's hot paths (GCC and Clang; no-ops elsewhere).
#pragma once

// ASYNCC_NOINLINE keeps a rare path (contention, a full ring, cancellation) out of the function
// that tests for it, so that function stays small. ASYNCC_COLD also moves it to the cold
// section: for failure paths that panic. ASYNCC_ALWAYS_INLINE is for the poll of a runtime
// future that callers await in their own poll: inlined, its Poll is taken apart in registers;
// returned from a call, it is a struct in memory copied field by field (the cost W2 measured).
#if defined(__GNUC__)
#define ASYNCC_NOINLINE __attribute__((noinline))
#define ASYNCC_COLD __attribute__((noinline, cold))
#define ASYNCC_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ASYNCC_NOINLINE
#define ASYNCC_COLD
#define ASYNCC_ALWAYS_INLINE inline
#endif
