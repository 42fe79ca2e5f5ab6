// mmap, munmap, mprotect, mremap and brk in a known order, then print /proc/self/maps.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 16 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(a, 1, 16 * page);
  munmap(a + 4 * page, 2 * page);                      // a hole: a splits in two
  mprotect(a + 8 * page, 4 * page, PROT_READ);          // a read-only island
  char *b = mremap(a + 12 * page, 4 * page, 32 * page, MREMAP_MAYMOVE); // grow (moves)
  char *c = mmap(NULL, 8 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  mprotect(c + 2 * page, 2 * page, PROT_READ | PROT_WRITE); // a guard-page style reserve
  mmap(c + 6 * page, page, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  int fd = open("/etc/passwd", O_RDONLY);
  char *f = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  char *s = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  mremap(s, 4 * page, 2 * page, 0); // shrink in place
  void *old = sbrk(0);
  sbrk(64 * page);
  sbrk(-16 * page);
  if (mmap((void *)0x10, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
    perror("mmap below mmap_min_addr");
  if (mprotect(b, 64 * page, PROT_READ) != 0) perror("mprotect past the end");
  madvise(b, page, MADV_DONTNEED);
  mlock(f, page);
  printf("a=%p b=%p c=%p f=%p s=%p brk=%p\n", (void *)a, (void *)b, (void *)c, (void *)f, (void *)s, old);
  FILE *maps = fopen("/proc/self/maps", "r");
  char line[512];
  while (fgets(line, sizeof line, maps)) fputs(line, stdout);
  fclose(maps);
  return 0;
}
