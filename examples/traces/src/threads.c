// Four threads map, touch, protect and unmap memory at the same time.
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static void *work(void *arg) {
  long id = (long)arg, page = 4096;
  for (int i = 0; i < 50; i++) {
    char *p = mmap(NULL, (size_t)(i % 7 + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = (char)id;
    if (i % 3 == 0) mprotect(p, page, PROT_READ);
    if (i % 2 == 0) munmap(p, (size_t)(i % 7 + 1) * page);
  }
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  puts("done");
  return 0;
}
