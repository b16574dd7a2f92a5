/* hold.c - an ordinary Wine process that keeps a prefix's services alive: Wine ends services.exe and the
 * services it started once the last ordinary process of the prefix exits (a short grace time later), so
 * a test or benchmark that starts services with one command and uses them with the next runs this in the
 * background for its whole length. Prints "holding" once it runs, then waits until its standard input
 * ends (the script closes the pipe), so that it ends cleanly; killing it works too.
 *   hold.exe <FIFO */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    char buf[64];
    DWORD got;
    printf("holding\n");
    fflush(stdout);
    while (ReadFile(in, buf, sizeof buf, &got, NULL) && got > 0)
        ;
    return 0;
}
