/* The pod sandbox process of the local test cluster (image k8s.local/pause:1).
 * It holds the pod's namespaces open: it waits for signals, reaps children that end up
 * with it (it is PID 1 of a pod that shares its PID namespace) and exits 0 on INT/TERM.
 * Built statically by scripts/k8s/images.sh: gcc -static -Os -s pause.c -o pause */
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction stop = {.sa_handler = on_stop};
  struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
  sigemptyset(&stop.sa_mask);
  sigemptyset(&child.sa_mask);
  if (sigaction(SIGINT, &stop, NULL) || sigaction(SIGTERM, &stop, NULL) || sigaction(SIGCHLD, &child, NULL)) return 1;
  for (;;) pause();
}
