/* measure.c - run a command and report what it cost, for bench/scale.sh.
 *
 *     measure OUT ERR CMD [ARG...]
 *
 * Runs CMD with stdout to OUT and stderr to ERR, waits for it and prints
 * "WALL_MS CPU_MS MAXRSS_KIB EXIT": wall time from fork to exit (OUT and
 * ERR are emptied before the clock starts), user + system CPU time and
 * peak resident set size from wait4(). Finer than /usr/bin/time (10 ms),
 * and CPU time is steadier than wall time on a machine shared with other
 * work. Built by scale.sh with cc directly. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: measure OUT ERR CMD [ARG...]\n");
        return 2;
    }
    /* opened before the clock starts: emptying what the last command
     * wrote there (60 MB after a 1M-row score) is not this one's cost */
    int o = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0) {
        perror(o < 0 ? argv[1] : argv[2]);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        if (dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(127);
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    double cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                 (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    printf("%.1f %.1f %ld %d\n", wall, cpu, ru.ru_maxrss,
           WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    return 0;
}
