/**
 * Invented movie titles from word lists and title patterns, including the
 * punctuation that gives real slugs their quirks: commas (`monsters_+inc.`),
 * ampersands (`10th++wolf`), colons, hyphens, periods and starred titles.
 */
import type { Random } from "../../shared/random/mulberry32.ts";
import { drawInt, drawItem } from "./random-draws.ts";

const ADJECTIVES = [
  "Last", "Silent", "Golden", "Dark", "Broken", "Hidden", "Lost", "Wild", "Secret", "Endless",
  "Crimson", "Little", "Long", "Final", "Burning", "Quiet", "Strange", "Frozen", "Bright", "Lonely",
  "Savage", "Gentle", "Electric", "Forgotten", "Blue", "Black", "Iron", "Paper", "Northern", "Sweet",
];
const NOUNS = [
  "Night", "Love", "River", "City", "Summer", "Stranger", "Road", "Heart", "Kingdom", "Garden",
  "Wolf", "Mirror", "Storm", "Island", "Letter", "Dream", "Empire", "Sister", "Harbor", "Shadow",
  "Journey", "Window", "Promise", "Horizon", "Desert", "Ghost", "Station", "Machine", "Song", "Winter",
  "Monsters", "Detective", "Circus", "Bridge", "Soldier", "Planet", "Forest", "Family", "Orchard", "Voyage",
];
const PLACES = ["Paris", "Texas", "Tokyo", "Berlin", "Harlem", "Casablanca", "Bombay", "Dublin", "Montana", "Rome"];

const PATTERNS: readonly ((r: Random) => string)[] = [
  (r) => `The ${drawItem(r, ADJECTIVES)} ${drawItem(r, NOUNS)}`,
  (r) => `The ${drawItem(r, NOUNS)} of ${drawItem(r, NOUNS)}`,
  (r) => `${drawItem(r, ADJECTIVES)} ${drawItem(r, NOUNS)}`,
  (r) => `${drawItem(r, NOUNS)} in ${drawItem(r, PLACES)}`,
  (r) => `${drawItem(r, PLACES)}, ${drawItem(r, PLACES)}`,
  (r) => `${drawItem(r, NOUNS)}, Inc.`,
  (r) => `${drawInt(r, 2, 99)}th & ${drawItem(r, NOUNS)}`,
  (r) => `${drawItem(r, NOUNS)}: The ${drawItem(r, ADJECTIVES)} ${drawItem(r, NOUNS)}`,
  (r) => `${drawItem(r, ADJECTIVES)}-${drawItem(r, NOUNS).toLowerCase()} ${drawItem(r, NOUNS)}`,
  (r) => `${drawItem(r, NOUNS)} ${drawInt(r, 2, 4)}`,
  (r) => `Good ${drawItem(r, NOUNS)}, and Good ${drawItem(r, NOUNS)}.`,
  (r) => `${drawItem(r, NOUNS)}'s ${drawItem(r, NOUNS)}`,
];
// Weights favour plain titles; the quirky patterns appear as rarely as in the real catalogue.
const PATTERN_WEIGHTS = [6, 6, 6, 3, 1, 1, 1, 2, 1, 1, 0.5, 1];

/** Real titles whose slugs are known quirks; every world of 4+ movies starts with them. */
export const QUIRK_TITLES: readonly (readonly [string, number | null])[] = [
  ["M*A*S*H", 1970], ["Monsters, Inc.", 2001], ["10th & Wolf", 2006], ["Human Failure", null],
];

/** A title drawn from the patterns. */
export function drawTitle(random: Random): string {
  let target = random() * PATTERN_WEIGHTS.reduce((a, b) => a + b, 0);
  for (let i = 0; i < PATTERNS.length; i++) {
    target -= PATTERN_WEIGHTS[i];
    if (target < 0) return PATTERNS[i](random);
  }
  return PATTERNS[0](random);
}
