/*
 * libs.c - libmnl and libsmartcols, opened when a command needs them
 *
 * Each function nsx calls is defined here with the library's own
 * prototype (the library header is included, so the compiler checks the
 * match) and forwards to the address dlsym() found for it. Calling one
 * before libs_load() is a bug in nsx and aborts with its name.
 */
#include <dlfcn.h>
#include <libmnl/libmnl.h>
#include <libsmartcols/libsmartcols.h>

#include "nsx/libs.h"
#include "nsx/util.h"

#ifndef MNL_SONAME
#define MNL_SONAME "libmnl.so.0"
#endif
#ifndef SCOLS_SONAME
#define SCOLS_SONAME "libsmartcols.so.1"
#endif

typedef size_t (*wrap_size_fn)(const struct libscols_column *, const char *,
			       void *);
typedef char *(*wrap_next_fn)(const struct libscols_column *, char *, void *);

/* X(return type, name, (parameters), (arguments)); V(...) returns void. */
#define MNL_FUNCS(X, V)                                                        \
	X(struct mnl_socket *, mnl_socket_open2, (int bus, int flags),         \
	  (bus, flags))                                                        \
	X(int, mnl_socket_bind,                                                \
	  (struct mnl_socket * nl, unsigned int groups, pid_t pid),           \
	  (nl, groups, pid))                                                   \
	X(int, mnl_socket_close, (struct mnl_socket * nl), (nl))               \
	X(int, mnl_socket_get_fd, (const struct mnl_socket *nl), (nl))         \
	X(unsigned int, mnl_socket_get_portid, (const struct mnl_socket *nl), \
	  (nl))                                                                \
	X(ssize_t, mnl_socket_sendto,                                          \
	  (const struct mnl_socket *nl, const void *req, size_t siz),          \
	  (nl, req, siz))                                                      \
	X(ssize_t, mnl_socket_recvfrom,                                        \
	  (const struct mnl_socket *nl, void *buf, size_t siz), (nl, buf, siz)) \
	X(int, mnl_socket_setsockopt,                                          \
	  (const struct mnl_socket *nl, int type, void *buf, socklen_t len),   \
	  (nl, type, buf, len))                                                \
	X(size_t, mnl_nlmsg_size, (size_t len), (len))                         \
	X(size_t, mnl_nlmsg_get_payload_len, (const struct nlmsghdr *nlh),     \
	  (nlh))                                                               \
	X(struct nlmsghdr *, mnl_nlmsg_put_header, (void *buf), (buf))         \
	X(void *, mnl_nlmsg_put_extra_header,                                  \
	  (struct nlmsghdr * nlh, size_t size), (nlh, size))                   \
	X(bool, mnl_nlmsg_ok, (const struct nlmsghdr *nlh, int len),           \
	  (nlh, len))                                                          \
	X(struct nlmsghdr *, mnl_nlmsg_next,                                   \
	  (const struct nlmsghdr *nlh, int *len), (nlh, len))                  \
	X(void *, mnl_nlmsg_get_payload, (const struct nlmsghdr *nlh), (nlh))  \
	X(void *, mnl_nlmsg_get_payload_offset,                                \
	  (const struct nlmsghdr *nlh, size_t offset), (nlh, offset))          \
	X(void *, mnl_nlmsg_get_payload_tail, (const struct nlmsghdr *nlh),    \
	  (nlh))                                                               \
	X(uint16_t, mnl_attr_get_type, (const struct nlattr *attr), (attr))    \
	X(uint16_t, mnl_attr_get_payload_len, (const struct nlattr *attr),     \
	  (attr))                                                              \
	X(void *, mnl_attr_get_payload, (const struct nlattr *attr), (attr))   \
	X(uint8_t, mnl_attr_get_u8, (const struct nlattr *attr), (attr))       \
	X(uint32_t, mnl_attr_get_u32, (const struct nlattr *attr), (attr))     \
	X(const char *, mnl_attr_get_str, (const struct nlattr *attr), (attr)) \
	V(mnl_attr_put,                                                        \
	  (struct nlmsghdr * nlh, uint16_t type, size_t len, const void *data), \
	  (nlh, type, len, data))                                              \
	V(mnl_attr_put_u16,                                                    \
	  (struct nlmsghdr * nlh, uint16_t type, uint16_t data),               \
	  (nlh, type, data))                                                   \
	V(mnl_attr_put_u32,                                                    \
	  (struct nlmsghdr * nlh, uint16_t type, uint32_t data),               \
	  (nlh, type, data))                                                   \
	V(mnl_attr_put_strz,                                                   \
	  (struct nlmsghdr * nlh, uint16_t type, const char *data),            \
	  (nlh, type, data))                                                   \
	X(struct nlattr *, mnl_attr_nest_start,                                \
	  (struct nlmsghdr * nlh, uint16_t type), (nlh, type))                 \
	V(mnl_attr_nest_end, (struct nlmsghdr * nlh, struct nlattr * start),   \
	  (nlh, start))                                                        \
	X(int, mnl_attr_type_valid,                                            \
	  (const struct nlattr *attr, uint16_t maxtype), (attr, maxtype))      \
	X(int, mnl_attr_validate,                                              \
	  (const struct nlattr *attr, enum mnl_attr_data_type type),           \
	  (attr, type))                                                        \
	X(int, mnl_attr_validate2,                                             \
	  (const struct nlattr *attr, enum mnl_attr_data_type type,            \
	   size_t len),                                                        \
	  (attr, type, len))                                                   \
	X(bool, mnl_attr_ok, (const struct nlattr *attr, int len), (attr, len)) \
	X(struct nlattr *, mnl_attr_next, (const struct nlattr *attr), (attr)) \
	X(int, mnl_attr_parse,                                                 \
	  (const struct nlmsghdr *nlh, unsigned int offset, mnl_attr_cb_t cb,  \
	   void *data),                                                        \
	  (nlh, offset, cb, data))                                             \
	X(int, mnl_attr_parse_nested,                                          \
	  (const struct nlattr *attr, mnl_attr_cb_t cb, void *data),           \
	  (attr, cb, data))                                                    \
	X(int, mnl_cb_run2,                                                    \
	  (const void *buf, size_t numbytes, unsigned int seq,                 \
	   unsigned int portid, mnl_cb_t cb_data, void *data,                  \
	   mnl_cb_t *cb_ctl_array, unsigned int cb_ctl_array_len),             \
	  (buf, numbytes, seq, portid, cb_data, data, cb_ctl_array,            \
	   cb_ctl_array_len))

#define SCOLS_FUNCS(X, V)                                                      \
	X(struct libscols_table *, scols_new_table, (void), ())                \
	V(scols_unref_table, (struct libscols_table * tb), (tb))               \
	X(int, scols_table_set_name,                                           \
	  (struct libscols_table * tb, const char *name), (tb, name))          \
	X(int, scols_table_enable_json, (struct libscols_table * tb, int on), \
	  (tb, on))                                                            \
	X(int, scols_table_enable_noheadings,                                  \
	  (struct libscols_table * tb, int on), (tb, on))                      \
	X(int, scols_table_enable_raw, (struct libscols_table * tb, int on),  \
	  (tb, on))                                                            \
	X(struct libscols_column *, scols_table_new_column,                    \
	  (struct libscols_table * tb, const char *name, double whint,         \
	   int flags),                                                         \
	  (tb, name, whint, flags))                                            \
	X(struct libscols_line *, scols_table_new_line,                        \
	  (struct libscols_table * tb, struct libscols_line * parent),         \
	  (tb, parent))                                                        \
	X(int, scols_column_set_json_type,                                     \
	  (struct libscols_column * cl, int type), (cl, type))                 \
	X(int, scols_column_set_wrapfunc,                                      \
	  (struct libscols_column * cl, wrap_size_fn size, wrap_next_fn next,  \
	   void *userdata),                                                    \
	  (cl, size, next, userdata))                                          \
	X(size_t, scols_wrapnl_chunksize,                                      \
	  (const struct libscols_column *cl, const char *data, void *ud),      \
	  (cl, data, ud))                                                      \
	X(char *, scols_wrapnl_nextchunk,                                      \
	  (const struct libscols_column *cl, char *data, void *ud),            \
	  (cl, data, ud))                                                      \
	X(int, scols_line_add_child,                                           \
	  (struct libscols_line * ln, struct libscols_line * child),           \
	  (ln, child))                                                         \
	X(int, scols_line_set_data,                                            \
	  (struct libscols_line * ln, size_t n, const char *data),             \
	  (ln, n, data))                                                       \
	X(int, scols_line_set_column_data,                                     \
	  (struct libscols_line * ln, struct libscols_column * cl,             \
	   const char *data),                                                  \
	  (ln, cl, data))                                                      \
	X(int, scols_line_refer_column_data,                                   \
	  (struct libscols_line * ln, struct libscols_column * cl,             \
	   char *data),                                                        \
	  (ln, cl, data))                                                      \
	X(int, scols_print_table, (struct libscols_table * tb), (tb))

/* The addresses, filled by libs_load(). */
#define PTR(ret, name, params, args) static __typeof__(name) *p_##name;
#define PTRV(name, params, args) static __typeof__(name) *p_##name;
MNL_FUNCS(PTR, PTRV)
SCOLS_FUNCS(PTR, PTRV)

static _Noreturn void unloaded(const char *name)
{
	fprintf(stderr, "nsx: %s called before its library was loaded\n",
		name);
	abort();
}

#define CALL(name) (p_##name ? p_##name : (unloaded(#name), p_##name))
#define FWD(ret, name, params, args) \
	ret name params { return CALL(name) args; }
#define FWDV(name, params, args) \
	void name params { CALL(name) args; }
MNL_FUNCS(FWD, FWDV)
SCOLS_FUNCS(FWD, FWDV)

struct sym {
	const char *name;
	void **addr;
};

#define SYM(ret, name, params, args) { #name, (void **)&p_##name },
#define SYMV(name, params, args) { #name, (void **)&p_##name },
static const struct sym mnl_syms[] = { MNL_FUNCS(SYM, SYMV) };
static const struct sym scols_syms[] = { SCOLS_FUNCS(SYM, SYMV) };

static int open_lib(const char *soname, const struct sym *syms, size_t n,
		    struct nsx_err *err)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!lib)
		return nsx_failx(err, ENOENT, "%s", dlerror());
	for (size_t i = 0; i < n; i++) {
		*syms[i].addr = dlsym(lib, syms[i].name);
		if (!*syms[i].addr)
			return nsx_failx(err, ENOENT, "%s: no symbol %s",
					 soname, syms[i].name);
	}
	return 0;
}

int libs_load(struct nsx_err *err)
{
	static bool loaded;

	if (!loaded &&
	    (open_lib(MNL_SONAME, mnl_syms, ARRAY_SIZE(mnl_syms), err) < 0 ||
	     open_lib(SCOLS_SONAME, scols_syms, ARRAY_SIZE(scols_syms), err) < 0))
		return -1;
	loaded = true;
	return 0;
}
