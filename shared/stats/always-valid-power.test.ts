import { expect, test } from "bun:test";
import { alwaysValidMde, alwaysValidPower, usersToDetect } from "./always-valid-power.ts";
import { mixturePrecision } from "./mixture-half-width.ts";

// Reference values from scipy 1.17 (norm.cdf, norm.ppf, optimize.brentq) with the mixture
// boundary c(n) = √n·half-width written out; alpha 0.05, ρ² tuned for 1,000 users, sd 3:
//   power to detect 0.3 at 1,000 users = 0.5505569758492772
//   MDE at 1,000 users and 80% power = 0.3677884082838008
//   users where the MDE falls to 0.3: the root 1510.2085867919916, so 1,511 whole users.
const rho2 = mixturePrecision(0.05, 1000);

test("alwaysValidPower() and alwaysValidMde() use the always-valid boundary, not z", () => {
  expect(alwaysValidPower(0.3, 3, 1000, 0.05, rho2)).toBeCloseTo(0.5505569758492772, 10);
  expect(alwaysValidMde(3, 1000, 0.05, rho2, 0.8)).toBeCloseTo(0.3677884082838008, 10);
  // A fixed-sample z test would claim (1.96 + 0.84)·3/√1000 = 0.2657: the boundary costs more.
  expect(alwaysValidMde(3, 1000, 0.05, rho2, 0.8)).toBeGreaterThan(0.2657);
});

test("usersToDetect() finds the first whole size whose MDE reaches the effect", () => {
  expect(usersToDetect(0.3, 3, 0.05, rho2, 0.8)).toBe(1511);
  expect(usersToDetect(0, 3, 0.05, rho2, 0.8)).toBe(Infinity);
});
