#include "compiler/ast/deep_stack.hpp"

#include <pthread.h>

#include <exception>

namespace asyncc::ast {

void run_with_deep_stack(const std::function<void()>& body) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) {
    body();
    return;
  }
  pthread_attr_setstacksize(&attr, deep_stack_bytes);
  struct Payload {
    const std::function<void()>* body;
    std::exception_ptr error;
  } payload{&body, nullptr};
  pthread_t thread;
  const int rc = pthread_create(
      &thread, &attr,
      [](void* arg) -> void* {
        auto* p = static_cast<Payload*>(arg);
        try {
          (*p->body)();
        } catch (...) {
          p->error = std::current_exception();
        }
        return nullptr;
      },
      &payload);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    body();  // no thread available: run here
    return;
  }
  pthread_join(thread, nullptr);
  if (payload.error) std::rethrow_exception(payload.error);
}

}  // namespace asyncc::ast
