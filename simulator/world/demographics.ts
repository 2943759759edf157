/**
 * Demographic distributions of the simulated users, summarised from 1,000 bodies
 * of the course's user API (../shared/data/api/users-sample.jsonl): occupation
 * frequencies, an 81% male share, and ages concentrated at 25–34. Only these
 * summaries are kept; no sample record is copied.
 */
import type { Random } from "../../shared/random/mulberry32.ts";
import { drawInt, drawWeighted } from "./random-draws.ts";
import type { UserProfile } from "./user-profile.ts";

/** Occupations and their counts per 1,000 users in the sample. */
export const OCCUPATIONS: readonly (readonly [string, number])[] = [
  ["college/grad student", 240], ["executive/managerial", 205], ["sales/marketing", 121],
  ["scientist", 86], ["other or not specified", 85], ["self-employed", 59], ["K-12 student", 50],
  ["academic/educator", 31], ["artist", 31], ["homemaker", 22], ["clerical/admin", 18],
  ["retired", 14], ["technician/engineer", 13], ["programmer", 9], ["writer", 4],
  ["tradesman/craftsman", 4], ["lawyer", 2], ["customer service", 2], ["doctor/health care", 2],
  ["unemployed", 2],
];

/** Age bands [min, max] and their counts per 1,000 users; uniform within a band. */
export const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  [8, 17, 16], [18, 24, 79], [25, 34, 829], [35, 44, 42], [45, 54, 15], [55, 64, 6], [65, 90, 13],
];

/** Share of users the sample lists as male. */
export const MALE_SHARE = 0.814;

const occupationWeights = OCCUPATIONS.map(([, n]) => n);
const ageWeights = AGE_BANDS.map(([, , n]) => n);

/** A user profile drawn from the summary distributions. */
export function drawUserProfile(random: Random, userId: number): UserProfile {
  const [minAge, maxAge] = AGE_BANDS[drawWeighted(random, ageWeights)];
  const age = drawInt(random, minAge, maxAge);
  // K-12 students are young, retirees old: keep the pairing plausible.
  const occupation = age < 18
    ? "K-12 student"
    : age >= 65
    ? "retired"
    : OCCUPATIONS[drawWeighted(random, occupationWeights)][0];
  return { user_id: userId, age, occupation, gender: random() < MALE_SHARE ? "M" : "F" };
}
