/** What measurement fragments compose into: a client, or the transaction a reader runs in. */
import type postgres from "postgres";

/** The common base of `Sql` and `TransactionSql`, so a fragment works inside `sql.begin`. */
export type Queries = postgres.ISql;
