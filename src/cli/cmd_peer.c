/* cmd_peer.c - the far ends of veths, with the containers they lead to */
#include <errno.h>
#include <sys/stat.h>

#include "nsx/cli/cmd_peer.h"
#include "nsx/engine/engine.h"
#include "nsx/setuid/privs.h"

/* Does a far namespace lack a name an engine could give it? */
static bool want_containers(const struct peers *p)
{
	for (size_t i = 0; i < p->nns; i++) {
		const struct peer_ns *ns = &p->ns[i];

		if (!ns->ino || ns->self)
			continue;
		if (!ns->nnames || strncmp(ns->names[0], "netns:", 6) != 0)
			return true;
	}
	return false;
}

/* The running containers, asked once a run (ls asks for many
 * namespaces' far ends). */
static struct engine_container *ct;
static size_t nct;
static bool ct_asked;

static void containers_load(void)
{
	struct nsx_err err = { 0 };
	unsigned engines;

	ct_asked = true;
	if (!engines_installed(ENGINES_ALL))
		return;
	engines = engines_running(NULL);
	if (engines && engine_list(engines, &ct, &nct, &err) < 0) {
		ct = NULL;
		nct = 0;
	}
}

static void name_containers(struct peers *p)
{
	if (!want_containers(p))
		return;
	if (!ct_asked)
		containers_load();
	for (size_t i = 0; i < nct; i++) {
		char path[64], name[300];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)ct[i].pid);
		if (ct[i].pid <= 0 || stat(path, &st) < 0)
			continue;
		snprintf(name, sizeof(name), "%s:%s", ct[i].engine, ct[i].name);
		for (size_t k = 0; k < p->nns; k++)
			if (p->ns[k].ino == st.st_ino)
				peer_ns_add_name(&p->ns[k], name, true);
	}
}

int cmd_peer_find(struct nl *nl, const struct link_info *v, size_t n,
		  unsigned flags, struct peers *p, struct nsx_err *err)
{
	int r;

	*p = (struct peers){ 0 };
	/* Far ends are other namespaces, which the policy did not grant. */
	if (privs_setuid())
		return 0;
	r = peers_find(nl, v, n, flags, p, err);
	if (r == 0)
		name_containers(p);
	return r;
}

const char *cmd_peer_ns_label(const struct peers *p, const struct peer *e,
			      char *buf, size_t size)
{
	const struct peer_ns *ns;

	if (e->ns < 0)
		return "";
	ns = &p->ns[e->ns];
	if (ns->self)
		snprintf(buf, size, "host");
	else if (ns->nnames)
		snprintf(buf, size, "%s", ns->names[0]);
	else if (ns->pid)
		snprintf(buf, size, "pid:%d", (int)ns->pid);
	else if (ns->ino)
		snprintf(buf, size, "net:[%lu]", (unsigned long)ns->ino);
	else
		snprintf(buf, size, "netnsid:%d", ns->nsid);
	return buf;
}

const char *cmd_peer_label(const struct peers *p, const struct peer *e,
			   char *buf, size_t size)
{
	char where[320], far[IFNAMSIZ + 16];

	/* A far end the kernel would not show us is known by its index. */
	if (e->ifname[0])
		snprintf(far, sizeof(far), "%s", e->ifname);
	else
		snprintf(far, sizeof(far), "if%d", e->far_index);
	if (e->ns < 0)
		snprintf(buf, size, "%s", far);
	else if (!e->ifname[0] && p->ns[e->ns].nsid >= 0 && !p->ns[e->ns].ino)
		return NULL;
	else
		snprintf(buf, size, "%s@%s", far,
			 cmd_peer_ns_label(p, e, where, sizeof(where)));
	return buf;
}

void cmd_peer_json(struct json *j, const struct peers *p,
		   const struct peer *e)
{
	const struct peer_ns *ns;

	if (!e)
		return;
	if (e->ifname[0])
		json_str(j, "peer_ifname", e->ifname);
	if (e->master[0])
		json_str(j, "peer_master", e->master);
	if (e->ns < 0)
		return;
	ns = &p->ns[e->ns];
	json_obj_open(j, "peer_netns");
	json_int(j, "netnsid", ns->nsid);
	if (ns->ino)
		json_uint(j, "ns", ns->ino);
	json_bool(j, "host", ns->self);
	if (ns->pid)
		json_int(j, "pid", ns->pid);
	json_arr_open(j, "names");
	for (size_t i = 0; i < ns->nnames; i++)
		json_str(j, NULL, ns->names[i]);
	json_arr_close(j);
	json_obj_close(j);
}

/* "eth0->veth78e976d@host" for each veth of v that leads elsewhere. */
static size_t lead_out_words(const struct link_info *v, size_t n,
			     const struct peers *p, char **w, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < max; i++) {
		const struct peer *e = peers_of(p, v[i].ifindex);
		char far[IFNAMSIZ + 400];

		if (!e || e->ns < 0)
			continue;
		if (!cmd_peer_label(p, e, far, sizeof(far)))
			snprintf(far, sizeof(far), "if%d", e->far_index);
		if (asprintf(&w[k], "%s->%s", v[i].ifname, far) >= 0)
			k++;
	}
	return k;
}

size_t cmd_peer_lead_out(int nsfd, char **w, size_t max)
{
	struct link_info *v = NULL;
	struct nsx_err err = { 0 };
	struct peers p = { 0 };
	struct nl nl;
	size_t n = 0, k = 0;

	if (nl_open_fd(&nl, nsfd, "network namespace", NULL, &err) < 0)
		return 0;
	if (link_list_lean(&nl, &v, &n, &err) == 0) {
		if (cmd_peer_find(&nl, v, n, 0, &p, &err) == 0)
			k = lead_out_words(v, n, &p, w, max);
		free(v);
	}
	nl_close(&nl);
	peers_free(&p);
	return k;
}
