import { after } from "node:test";
import { storeContract } from "../contract.js";
import { createPostgresStore } from "./index.js";
import { dropSchema, freshSchemaName, pgTestUrl, withSchema } from "./testing.js";

const url = pgTestUrl();
if (url) {
  // One schema per run: every handle the suite opens must see the same database.
  const schema = freshSchemaName("dossier_contract");
  after(() => dropSchema(url, schema));
  storeContract("postgres", async (caps) => createPostgresStore(withSchema(url, schema), caps));
}
