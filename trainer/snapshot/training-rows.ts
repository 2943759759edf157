/**
 * What a model trains on: explicit ratings and implicit watch signal over one
 * pair of id maps. Watch values are distinct minutes watched per (user, movie).
 */
import type { IdMap } from "../datasets/id-map.ts";
import type { Interactions } from "../datasets/interactions.ts";

export type TrainingRows = {
  readonly users: IdMap;
  readonly items: IdMap;
  readonly ratings: Interactions;
  readonly watch: Interactions;
};

/** Rules that decide which rows are fit to train on; recorded with every snapshot. */
export type CleaningRules = {
  /** Watch sessions shorter than this many distinct minutes are noise (a click, a trailer). */
  readonly minWatchMinutes: number;
  /** A user giving at least this many ratings within `burstWindowMs` is treated as automated. */
  readonly burstRatings: number;
  readonly burstWindowMs: number;
};

export const DEFAULT_CLEANING_RULES: CleaningRules = { minWatchMinutes: 2, burstRatings: 30, burstWindowMs: 60_000 };
