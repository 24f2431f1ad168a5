/* compiler.h - attributes the compiler checks for us, empty where the
 * compiler lacks them.
 *
 * JX_WARN_UNUSED: the result (an error code, or a new object the caller
 * owns) must not be ignored.
 * JX_NONNULL(i, ...): those parameters (1-based) must never be NULL. Only
 * where NULL really is a bug: the compiler may then drop NULL checks on
 * them inside the function. */
#ifndef JIXIAO_COMPILER_H
#define JIXIAO_COMPILER_H

#ifdef __has_attribute
#define JX_HAS_ATTRIBUTE(x) __has_attribute(x)
#else
#define JX_HAS_ATTRIBUTE(x) 0
#endif

#if JX_HAS_ATTRIBUTE(warn_unused_result)
#define JX_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define JX_WARN_UNUSED
#endif

#if JX_HAS_ATTRIBUTE(nonnull)
#define JX_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define JX_NONNULL(...)
#endif

#endif
