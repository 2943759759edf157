/**
 * The contract of an answer to `GET /recommend/<userid>`: up to this many distinct
 * movie ids. The router caps workers' answers with it, and ingestion quarantines a
 * logged recommendation line that claims more.
 */
export const MAX_ANSWER_ITEMS = 20;
