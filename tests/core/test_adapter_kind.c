/* test_adapter_kind.c - adapter kinds from what Windows and Wine report (core/adapter_kind.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_kind.h"
#include "testlib.h"

BF_TEST(adapter_kinds_from_what_systems_report)
{
    CHECK_INT(bf_classify_adapter(24, "Software Loopback Interface 1", ""), BF_KIND_LOOPBACK);
    CHECK_INT(bf_classify_adapter(6, "NdisWan4", "NdisWan4"), BF_KIND_DIALUP);
    CHECK_INT(bf_classify_adapter(23, "WAN Miniport (PPPOE)", ""), BF_KIND_DIALUP);
    CHECK_INT(bf_classify_adapter(6, "TAP-Windows Adapter V9", "Ethernet 3"), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter", ""), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(131, "Teredo Tunneling Pseudo-Interface", ""), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "Hyper-V Virtual Ethernet Adapter", "vEthernet (Default Switch)"), BF_KIND_VIRTUAL);
    CHECK_INT(bf_classify_adapter(6, "Intel(R) PRO/100B PCI Adapter", "E100B1"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(6, "lan0", "lan0"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(71, "Intel(R) Wi-Fi 6 AX201", "Wi-Fi"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(37, "ATM", ""), BF_KIND_OTHER);
    CHECK_INT(bf_classify_adapter(6, NULL, NULL), BF_KIND_LAN);
}


BF_TEST(adapter_kinds_from_unix_names_under_wine)
{
    CHECK_INT(bf_classify_adapter(6, "ppp0", "ppp0"), BF_KIND_DIALUP);
    CHECK_INT(bf_classify_adapter(6, "tun0", "tun0"), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "wg0", "wg0"), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "eth0", "eth0"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(24, "lo", "lo"), BF_KIND_LOOPBACK);
}
