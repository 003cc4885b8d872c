// Validates one OpenAPI document (a file path) against the OpenAPI 3.x schema, its $refs included.
// Prints every error and exits 1 when the document is invalid.
import { readFile } from "node:fs/promises";
import { validate } from "@readme/openapi-parser";

const document = JSON.parse(await readFile(process.argv[2], "utf8"));
const result = await validate(document);
if (!result.valid) {
  for (const error of result.errors) console.log(error.message);
  process.exit(1);
}
console.log(`valid OpenAPI ${document.openapi}`);
