/* listen.c - a Windows process that holds a TCP port, for the fixture tests: listen.exe ADDRESS PORT
 * binds exclusively, listens, prints "listening", answers each connection with "+OK listen.exe\r\n",
 * and runs until killed. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    WSADATA w;
    SOCKET s;
    struct sockaddr_in a;
    int one = 1;
    if (argc != 3 || WSAStartup(MAKEWORD(2, 2), &w) != 0)
        return 2;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((u_short)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1)
        return 2;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 5) != 0) {
        printf("bind failed: %d\n", WSAGetLastError());
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    for (;;) {
        SOCKET c = accept(s, NULL, NULL);
        if (c == INVALID_SOCKET)
            break;
        send(c, "+OK listen.exe\r\n", 16, 0);
        closesocket(c);
    }
    return 0;
}
