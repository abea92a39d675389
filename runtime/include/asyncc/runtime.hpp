// Every public header of the asyncc runtime (RUNTIME.md).
#pragma once

#include "asyncc/assert.hpp"
#include "asyncc/channel.hpp"
#include "asyncc/checked.hpp"
#include "asyncc/combinators.hpp"
#include "asyncc/debug.hpp"
#include "asyncc/executor.hpp"
#include "asyncc/fmt.hpp"
#include "asyncc/future.hpp"
#include "asyncc/net.hpp"
#include "asyncc/panic.hpp"
#include "asyncc/parse.hpp"
#include "asyncc/strings.hpp"
#include "asyncc/time.hpp"
#include "asyncc/values.hpp"
#include "asyncc/vec.hpp"
