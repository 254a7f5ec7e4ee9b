/* nbody: floating-point N-body gravity simulation (an original setup).
 *
 * 12 bodies with generated masses, positions and velocities (a heavy central
 * body and lighter ones on roughly circular orbits) are advanced with a
 * symplectic Euler step using pairwise forces (one division and one square
 * root per pair). The total energy is computed before and after; the
 * checksum is built from the exact bit patterns of the energies and of the
 * final positions. Only +, -, *, / and sqrt are used, all correctly rounded
 * in IEEE 754, so every engine must produce the same bits.
 */
#include "bench.h"

#define NB 12

typedef struct { double x, y, z, vx, vy, vz, m; } body_t;
static body_t bodies[NB];

static uint64_t bits_of(double d) {
  union { double d; uint64_t u; } v;
  v.d = d;
  return v.u;
}

static void setup(uint32_t seed) {
  rng_t r = rng_make(seed);
  bodies[0] = (body_t){0, 0, 0, 0, 0, 0, 1000.0};
  for (int i = 1; i < NB; i++) {
    double radius = 5.0 + 3.0 * i + (double)rng_below(&r, 1000) / 1000.0;
    /* A point on a circle from a rational parametrisation (no trig needed). */
    double t = (double)(int32_t)rng_below(&r, 2001) / 1000.0 - 1.0;
    double cx = (1 - t * t) / (1 + t * t), cy = 2 * t / (1 + t * t);
    double speed = __builtin_sqrt(1000.0 / radius);
    body_t *b = &bodies[i];
    b->x = radius * cx;
    b->y = radius * cy;
    b->z = (double)(int32_t)rng_below(&r, 200) / 100.0 - 1.0;
    b->vx = -speed * cy;
    b->vy = speed * cx;
    b->vz = 0.0;
    b->m = 0.1 + (double)rng_below(&r, 1000) / 500.0;
  }
  /* Zero the total momentum by adjusting the central body. */
  double px = 0, py = 0, pz = 0;
  for (int i = 1; i < NB; i++) {
    px += bodies[i].vx * bodies[i].m;
    py += bodies[i].vy * bodies[i].m;
    pz += bodies[i].vz * bodies[i].m;
  }
  bodies[0].vx = -px / bodies[0].m;
  bodies[0].vy = -py / bodies[0].m;
  bodies[0].vz = -pz / bodies[0].m;
}

BENCH_KERNEL static void advance(double dt) {
  for (int i = 0; i < NB; i++) {
    body_t *a = &bodies[i];
    for (int j = i + 1; j < NB; j++) {
      body_t *b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double d2 = dx * dx + dy * dy + dz * dz + 1e-9;
      double mag = dt / (d2 * __builtin_sqrt(d2));
      a->vx -= dx * b->m * mag; a->vy -= dy * b->m * mag; a->vz -= dz * b->m * mag;
      b->vx += dx * a->m * mag; b->vy += dy * a->m * mag; b->vz += dz * a->m * mag;
    }
  }
  for (int i = 0; i < NB; i++) {
    body_t *a = &bodies[i];
    a->x += dt * a->vx;
    a->y += dt * a->vy;
    a->z += dt * a->vz;
  }
}

BENCH_KERNEL static double energy(void) {
  double e = 0.0;
  for (int i = 0; i < NB; i++) {
    const body_t *a = &bodies[i];
    e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < NB; j++) {
      const body_t *b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->m * b->m / __builtin_sqrt(dx * dx + dy * dy + dz * dz + 1e-9);
    }
  }
  return e;
}

BENCH_RUN uint64_t run(void) {
  setup(bench_seed);
  uint64_t sum = bits_of(energy());
  for (int block = 0; block < 20; block++) {
    for (int step = 0; step < REPS(75000); step++) advance(0.001);
    sum = mix64(sum, bits_of(energy()));
  }
  for (int i = 0; i < NB; i++) sum = mix64(sum, bits_of(bodies[i].x) ^ bits_of(bodies[i].y));
  return sum;
}
