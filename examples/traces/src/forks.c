// A parent maps memory, forks two children that change their copies, waits, and maps more.
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  long page = 4096;
  char *shared = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  char *priv = mmap(NULL, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  for (int k = 0; k < 2; k++) {
    pid_t pid = fork();
    if (pid == 0) {
      munmap(priv + k * page, page);
      mprotect(priv + 4 * page, 2 * page, PROT_READ);
      mmap(NULL, (size_t)(k + 1) * 3 * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      shared[k] = 1;
      return 0;
    }
    waitpid(pid, NULL, 0);
  }
  mprotect(shared, page, PROT_READ);
  mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  puts("done");
  return 0;
}
