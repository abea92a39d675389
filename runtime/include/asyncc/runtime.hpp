// Every public header of the asyncc runtime (RUNTIME.md).
#pragma once

#include "asyncc/channel.hpp"
#include "asyncc/combinators.hpp"
#include "asyncc/debug.hpp"
#include "asyncc/executor.hpp"
#include "asyncc/fmt.hpp"
#include "asyncc/future.hpp"
#include "asyncc/net.hpp"
#include "asyncc/panic.hpp"
#include "asyncc/parse.hpp"
#include "asyncc/time.hpp"
#include "asyncc/values.hpp"
