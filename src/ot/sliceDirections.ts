import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { InputError, requireNumber } from "../errors.js";

/** γ = (√5 − 1)/2, the angular offset of the 2D directions (irrational). */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The projection directions θ_1 … θ_L of a sliced-Wasserstein distance on ℝ^d (unit vectors,
 * stored row after row in one array of length L·d). They are deterministic, and their second
 * moment is exactly isotropic,
 *
 *   (1/L) Σ_ℓ θ_ℓ θ_ℓᵀ = I/d,
 *
 * which is what the uniform measure on the sphere gives (E θθᵀ = I/d): so SW₂² of two
 * translates by u is exactly M|u|²/d for these L directions, as for the exact sliced distance
 * (docs/sliced-wasserstein.md).
 *
 * - 1D: the one direction θ = 1 (L must be 1); SW₂ is then W₂.
 * - 2D: equally spaced angles on the half circle, offset by an irrational fraction of a step,
 *   θ_ℓ = (cos φ_ℓ, sin φ_ℓ), φ_ℓ = (ℓ + γ)π/L, γ = (√5 − 1)/2, ℓ = 0 … L−1 (θ and −θ give
 *   the same 1D distance, so the half circle suffices). Isotropic for L ≥ 2
 *   (Σ cos 2φ_ℓ = Σ sin 2φ_ℓ = 0 for any offset). As γ is irrational, no direction is ever a
 *   grid axis (φ = 0, π/2) or a diagonal (φ = π/4, 3π/4), whatever L: along those, whole rows
 *   or diagonals of cell centres project onto one point and the 1D problem sees a coarser
 *   grid (docs/sliced-wasserstein.md: with the "points" model, L = 2 along the diagonals pins
 *   14 times farther from equilibrium). The set is not symmetric under reflections.
 * - 3D: L/3 orthonormal frames (L must be a multiple of 3), the rows of L/3 independent
 *   uniformly random rotations. A rotation is drawn from three uniforms u₁, u₂, u₃ as the unit
 *   quaternion (√(1−u₁) sin 2πu₂, √(1−u₁) cos 2πu₂, √u₁ sin 2πu₃, √u₁ cos 2πu₃) (K. Shoemake,
 *   "Uniform random rotations", Graphics Gems III, 1992); the uniforms come from the
 *   xoroshiro128+ generator of `pure-rand` seeded with `seed` (uniformFloat64: 53-bit
 *   multiples of 2⁻⁵³), so the set is the same on every machine. Each frame contributes
 *   exactly I to Σθθᵀ, hence the exact isotropy.
 */
export function sliceDirections(dim: number, count: number, seed = 1): Float64Array {
  requireNumber("directions", count, { min: 1, integer: true });
  if (dim === 1) {
    if (count !== 1) {
      throw new InputError("directions", `a 1D grid has one direction (θ = 1), got ${count}`);
    }
    return Float64Array.of(1);
  }
  if (dim === 2) {
    const out = new Float64Array(2 * count);
    for (let l = 0; l < count; l++) {
      const phi = ((l + GOLDEN) * Math.PI) / count;
      out[2 * l] = Math.cos(phi);
      out[2 * l + 1] = Math.sin(phi);
    }
    return out;
  }
  if (dim === 3) {
    if (count % 3 !== 0) {
      throw new InputError(
        "directions",
        `in 3D the directions come in orthonormal frames: must be a multiple of 3, got ${count}`,
      );
    }
    requireNumber("seed", seed, { min: 0, max: 0xffffffff, integer: true });
    const rng = xoroshiro128plus(seed | 0);
    const out = new Float64Array(3 * count);
    for (let f = 0; f < count / 3; f++) {
      const u1 = uniformFloat64(rng);
      const u2 = uniformFloat64(rng);
      const u3 = uniformFloat64(rng);
      const a = Math.sqrt(1 - u1);
      const b = Math.sqrt(u1);
      const x = a * Math.sin(2 * Math.PI * u2);
      const y = a * Math.cos(2 * Math.PI * u2);
      const z = b * Math.sin(2 * Math.PI * u3);
      const w = b * Math.cos(2 * Math.PI * u3);
      // Rows of the rotation matrix of the unit quaternion w + xi + yj + zk.
      const rows = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
      ];
      for (let r = 0; r < 3; r++) {
        const norm = Math.hypot(rows[r][0], rows[r][1], rows[r][2]);
        for (let c = 0; c < 3; c++) out[9 * f + 3 * r + c] = rows[r][c] / norm;
      }
    }
    return out;
  }
  throw new InputError("grid.n", `sliced directions exist for 1 to 3 dimensions, got ${dim}`);
}
