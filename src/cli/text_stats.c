/* text_stats.c - a link's counters, as ip -s prints them in text and in
 * JSON ("stats64") */
#include <inttypes.h>
#include <linux/if_link.h>

#include "nsx/cli/cmd_net.h"

static unsigned digits(uint64_t v)
{
	unsigned n = 1;

	for (; v > 9; v /= 10)
		n++;
	return n;
}

/* ip's column widths: at least the heading's, wide enough for every
 * number in the column. */
static void widen(unsigned *cols, const uint64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (digits(v[i]) > cols[i])
			cols[i] = digits(v[i]);
}

static void nums(FILE *out, const unsigned *cols, const uint64_t *v,
		 size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%*" PRIu64 " ", (int)cols[i], v[i]);
}

static void stats_errors(FILE *out, const struct link_info *li,
			 const unsigned *c, bool rx, const char *sl)
{
	const struct rtnl_link_stats64 *st = &li->stats;

	if (rx) {
		uint64_t v[] = { st->rx_length_errors, st->rx_crc_errors,
				 st->rx_frame_errors, st->rx_fifo_errors,
				 st->rx_over_errors, st->rx_nohandler,
				 st->rx_otherhost_dropped };

		fprintf(out, "    RX errors:%*s %*s %*s %*s %*s %*s%*s%*s%s",
			(int)c[0] - 10, "", (int)c[1], "length", (int)c[2],
			"crc", (int)c[3], "frame", (int)c[4], "fifo", (int)c[5],
			"overrun", st->rx_nohandler ? (int)c[6] + 1 : 0,
			st->rx_nohandler ? " nohandler" : "",
			st->rx_otherhost_dropped ? (int)c[7] + 1 : 0,
			st->rx_otherhost_dropped ? " otherhost" : "", sl);
		fprintf(out, "%*s", (int)c[0] + 5, "");
		nums(out, c + 1, v, 5);
		if (st->rx_nohandler)
			nums(out, c + 6, v + 5, 1);
		if (st->rx_otherhost_dropped)
			nums(out, c + 7, v + 6, 1);
		return;
	}
	fprintf(out, "    TX errors:%*s %*s %*s %*s %*s %*s%s", (int)c[0] - 10,
		"", (int)c[1], "aborted", (int)c[2], "fifo", (int)c[3],
		"window", (int)c[4], "heartbt", (int)c[5],
		li->has_carrier_changes ? "transns" : "", sl);
	fprintf(out, "%*s", (int)c[0] + 5, "");
	{
		uint64_t v[] = { st->tx_aborted_errors, st->tx_fifo_errors,
				 st->tx_window_errors, st->tx_heartbeat_errors,
				 li->carrier_changes };

		nums(out, c + 1, v, li->has_carrier_changes ? 5 : 4);
	}
}

void text_link_stats(FILE *out, const struct link_info *li,
		     const struct cmd_net_show *o)
{
	const struct rtnl_link_stats64 *st = &li->stats;
	unsigned c[8] = { 10, 7, 6, 7, 7, 7, 10, 9 };
	uint64_t rx[] = { st->rx_bytes, st->rx_packets, st->rx_errors,
			  st->rx_dropped, st->rx_missed_errors, st->multicast,
			  st->rx_compressed, 0 };
	uint64_t tx[] = { st->tx_bytes, st->tx_packets, st->tx_errors,
			  st->tx_dropped, st->tx_carrier_errors,
			  st->collisions, st->tx_compressed, 0 };
	const char *sl = CMD_NET_SL(o);

	widen(c, rx, 8);
	widen(c, tx, 8);
	if (o->stats > 1) {
		uint64_t e1[] = { 0, st->rx_length_errors, st->rx_crc_errors,
				  st->rx_frame_errors, st->rx_fifo_errors,
				  st->rx_over_errors, st->rx_nohandler,
				  st->rx_otherhost_dropped };
		uint64_t e2[] = { 0, 0, st->tx_aborted_errors,
				  st->tx_fifo_errors, st->tx_window_errors,
				  st->tx_heartbeat_errors, li->carrier_changes,
				  0 };

		widen(c, e1, 8);
		widen(c, e2, 8);
	}
	fprintf(out, "    RX: %*s %*s %*s %*s %*s %*s %*s%s    ",
		(int)c[0] - 4, "bytes", (int)c[1], "packets", (int)c[2],
		"errors", (int)c[3], "dropped", (int)c[4], "missed", (int)c[5],
		"mcast", (int)c[6], st->rx_compressed ? "compressed" : "", sl);
	nums(out, c, rx, st->rx_compressed ? 7 : 6);
	if (o->stats > 1) {
		fputs(sl, out);
		stats_errors(out, li, c, true, sl);
	}
	fprintf(out, "%s    TX: %*s %*s %*s %*s %*s %*s %*s%s    ", sl,
		(int)c[0] - 4, "bytes", (int)c[1], "packets", (int)c[2],
		"errors", (int)c[3], "dropped", (int)c[4], "carrier", (int)c[5],
		"collsns", (int)c[6], st->tx_compressed ? "compressed" : "", sl);
	nums(out, c, tx, st->tx_compressed ? 7 : 6);
	if (o->stats > 1) {
		fputs(sl, out);
		stats_errors(out, li, c, false, sl);
	}
}

void json_link_stats(struct json *j, const struct link_info *li, int level)
{
	const struct rtnl_link_stats64 *st = &li->stats;

	json_obj_open(j, "stats64");
	json_obj_open(j, "rx");
	json_uint(j, "bytes", st->rx_bytes);
	json_uint(j, "packets", st->rx_packets);
	json_uint(j, "errors", st->rx_errors);
	json_uint(j, "dropped", st->rx_dropped);
	json_uint(j, "over_errors", st->rx_over_errors);
	json_uint(j, "multicast", st->multicast);
	if (st->rx_compressed)
		json_uint(j, "compressed", st->rx_compressed);
	if (level > 1) {
		json_uint(j, "length_errors", st->rx_length_errors);
		json_uint(j, "crc_errors", st->rx_crc_errors);
		json_uint(j, "frame_errors", st->rx_frame_errors);
		json_uint(j, "fifo_errors", st->rx_fifo_errors);
		json_uint(j, "missed_errors", st->rx_missed_errors);
		if (st->rx_nohandler)
			json_uint(j, "nohandler", st->rx_nohandler);
		if (st->rx_otherhost_dropped)
			json_uint(j, "otherhost", st->rx_otherhost_dropped);
	}
	json_obj_close(j);
	json_obj_open(j, "tx");
	json_uint(j, "bytes", st->tx_bytes);
	json_uint(j, "packets", st->tx_packets);
	json_uint(j, "errors", st->tx_errors);
	json_uint(j, "dropped", st->tx_dropped);
	json_uint(j, "carrier_errors", st->tx_carrier_errors);
	json_uint(j, "collisions", st->collisions);
	if (st->tx_compressed)
		json_uint(j, "compressed", st->tx_compressed);
	if (level > 1) {
		json_uint(j, "aborted_errors", st->tx_aborted_errors);
		json_uint(j, "fifo_errors", st->tx_fifo_errors);
		json_uint(j, "window_errors", st->tx_window_errors);
		json_uint(j, "heartbeat_errors", st->tx_heartbeat_errors);
		if (li->has_carrier_changes)
			json_uint(j, "carrier_changes", li->carrier_changes);
	}
	json_obj_close(j);
	json_obj_close(j);
}

