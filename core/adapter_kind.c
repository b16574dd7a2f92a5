/* adapter_kind.c - see adapter_kind.h.
 *
 * The ifType decides where it is unambiguous (24 loopback, 23 PPP, 131 tunnel). Ethernet (6) and other
 * types are refined from the description, because dial-up and VPN miniports present themselves as
 * Ethernet: NT4's NDISWAN adapters ("NdisWan4"), the "WAN Miniport" family, TAP-Windows, AnyConnect, ... */
#include "adapter_kind.h"

#include <string.h>

static bool any_of(const char *description, const char *name, const char *const *words, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (bf_ascii_contains_ci(description, words[i]) || bf_ascii_contains_ci(name, words[i]))
            return true;
    return false;
}

static const char *const dialup_words[] = {"ndiswan", "wan miniport (ppp", "wan miniport (ip)", "ras async",
                                           "dial-up", "dialup", "ppp adapter", "modem", "isdn"};
static const char *const vpn_words[] = {"vpn", "tap-windows", "tap-win32", "wireguard", "anyconnect",
                                        "wintun", "pangp", "fortinet", "openvpn", "sstp", "l2tp", "pptp",
                                        "ikev2", "ip-https", "teredo", "6to4", "isatap", "tunnel"};
static const char *const virtual_words[] = {"hyper-v", "vethernet", "vmware", "virtualbox", "host-only",
                                            "virtual ethernet", "docker", "wsl", "virtio"};

static bool has_prefix(const char *s, const char *p)
{
    return s && strncmp(s, p, strlen(p)) == 0;
}

bf_adapter_kind bf_classify_adapter(int if_type, const char *description, const char *name)
{
    /* Unix interface names, as Wine reports them (friendly name = description = the Linux name) */
    if (has_prefix(name, "ppp") || has_prefix(name, "isdn"))
        return BF_KIND_DIALUP;
    if (has_prefix(name, "tun") || has_prefix(name, "tap") || has_prefix(name, "wg") || has_prefix(name, "tailscale"))
        return BF_KIND_VPN;
    if (if_type == 24 || bf_ascii_contains_ci(description, "loopback") || (name && strcmp(name, "lo") == 0))
        return BF_KIND_LOOPBACK;
    if (if_type == 23 || if_type == 512 /* NT4 RAS */ || any_of(description, name, dialup_words, BF_COUNTOF(dialup_words)))
        return BF_KIND_DIALUP;
    if (if_type == 131 || any_of(description, name, vpn_words, BF_COUNTOF(vpn_words)))
        return BF_KIND_VPN;
    if (any_of(description, name, virtual_words, BF_COUNTOF(virtual_words)))
        return BF_KIND_VIRTUAL;
    if (if_type == 6 || if_type == 71 /* 802.11 */ || if_type == 62 || if_type == 117 || if_type == -1)
        return BF_KIND_LAN;
    return BF_KIND_OTHER;
}
