/* fakenetsh.c - a stand-in for netsh.exe that prints synthetic tables in the layout of Windows Server
 * 2019's `netsh int ipv4|ipv6 show excludedportrange protocol=tcp|udp` and `netsh int ipv4 show
 * dynamicport tcp` (written by hand, not recorded from a machine), with German headings for the IPv6
 * tables (the collector reads numbers only). Wine's netsh prints nothing for these commands, so the
 * system layer's child-process path (gui/sys/portranges.c) is tested against this. FAKENETSH_MODE=bad
 * prints a row out of shape; FAKENETSH_MODE=fail exits 1 with a message. FAKENETSH_LOG=FILE appends each
 * command line it gets (its arguments joined by spaces) to FILE, so that the port-exclusion repair's
 * `add|delete excludedportrange` calls are compared argument for argument; those answer "Ok." (synthetic). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    char cmd[300] = "";
    const char *mode = getenv("FAKENETSH_MODE");
    int i;
    for (i = 1; i < argc; i++) {
        strncat(cmd, argv[i], sizeof cmd - strlen(cmd) - 2);
        strcat(cmd, " ");
    }
    if (getenv("FAKENETSH_LOG")) {
        FILE *log = fopen(getenv("FAKENETSH_LOG"), "a");
        if (log) {
            fprintf(log, "%.*s\n", (int)(strlen(cmd) ? strlen(cmd) - 1 : 0), cmd);
            fclose(log);
        }
    }
    if (mode && strcmp(mode, "fail") == 0) {
        printf("The following command was not found: %s\r\n", cmd);
        return 1;
    }
    if (strstr(cmd, "show dynamicport tcp")) {
        printf("\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\n"
               "Start Port      : 49152\r\nNumber of Ports : 16384\r\n\r\n");
        return 0;
    }
    if (strstr(cmd, "add excludedportrange ") || strstr(cmd, "delete excludedportrange ")) {
        printf("Ok.\r\n\r\n");
        return 0;
    }
    if (!strstr(cmd, "show excludedportrange"))
        return 1;
    if (strstr(cmd, "ipv6"))
        printf("\r\nProtokoll %s Portausschlussbereiche\r\n\r\nStartport    Endport\r\n----------    --------\r\n",
               strstr(cmd, "udp") ? "udp" : "tcp");
    else
        printf("\r\nProtocol %s Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n",
               strstr(cmd, "udp") ? "udp" : "tcp");
    if (strstr(cmd, "ipv4") && strstr(cmd, "protocol=tcp")) {
        printf("       100         199\r\n      5357        5357\r\n     50000       50059     *\r\n");
        if (mode && strcmp(mode, "bad") == 0)
            printf("     70000       70001\r\n");
    } else if (strstr(cmd, "ipv6") && strstr(cmd, "protocol=tcp")) {
        printf("       140         149\r\n");
    }
    printf("\r\n* - Administered port exclusions.\r\n\r\n");
    return 0;
}
