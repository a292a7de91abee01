// Run with Node.js >= 22.18 (it strips the types itself), from the repository root:
//   SUPABASE_URL=https://<ref>.supabase.co SUPABASE_ANON_KEY=… SUPABASE_ACCESS_TOKEN=<a user's JWT> \
//     node examples/client/main.ts film <script id>
//     node examples/client/main.ts search "<text>" <embedding.json> [organization id]
// embedding.json holds the query's 384 numbers (all-MiniLM-L6-v2), e.g. [0.013, -0.072, …].
import { readFileSync } from "node:fs";
import { connect, type FilmStep, requestFilm, searchChapters, watchFilm } from "./creatorverse.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

function show(step: FilmStep): void {
  const scene = step.scene_number === null ? "film" : `scene ${step.scene_number}`;
  console.log(`${scene.padEnd(9)} ${step.kind.padEnd(12)} ${step.status.padEnd(10)} ${step.progress}%`);
}

const client = connect(required("SUPABASE_URL"), required("SUPABASE_ANON_KEY"), required("SUPABASE_ACCESS_TOKEN"));
const [command, first, second, third] = process.argv.slice(2);

if (command === "film" && first) {
  const film = await requestFilm(client, first, { burn_subtitles: true });
  console.log(`film ${film.id}: ${film.estimated_credits} credits held`);
  const { steps, channel } = await watchFilm(client, film.id, (step) => {
    show(step);
    if (step.id === film.id && FINAL.has(step.status)) {
      console.log(step.output_url ?? step.error_message ?? step.status);
      void channel.unsubscribe().then(() => process.exit(step.status === "succeeded" ? 0 : 1));
    }
  });
  steps.forEach(show);
} else if (command === "search" && first && second) {
  const embedding: number[] = JSON.parse(readFileSync(second, "utf8"));
  for (const hit of await searchChapters(client, first, embedding, { organizationId: third })) {
    console.log(`${hit.score.toFixed(4)}  ${hit.title}\n    ${hit.passage.slice(0, 160)}`);
  }
} else {
  console.error("usage: main.ts film SCRIPT_ID | main.ts search TEXT EMBEDDING_JSON [ORGANIZATION_ID]");
  process.exit(2);
}
