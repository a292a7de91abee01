// Creatorverse from a supabase-js app, typed by supabase/types/database.ts (Supabase's generator,
// `creatorverse db snapshot`). CI type-checks this file with tsc: a schema or RPC change that
// breaks these calls fails the build (tests/py/test_client_types.py).
import {
  createClient,
  type RealtimeChannel,
  type RealtimePostgresChangesPayload,
  type SupabaseClient,
} from "@supabase/supabase-js";
import type { Database, Tables } from "../../supabase/types/database.ts";

export type Client = SupabaseClient<Database>;
export type Generation = Tables<"generations">;

/** The options request_film accepts (it refuses any other key with 22023). */
export type FilmOptions = {
  lipsync?: boolean;
  width?: number;
  height?: number;
  fps?: number;
  motion?: string;
  burn_subtitles?: boolean;
  voice?: string;
  language?: string;
  provider?: string;
  priority?: number;
};

/** What a progress view shows of each job of a film. */
const FILM_STEP_COLUMNS = "id, parent_id, kind, status, progress, current_step, scene_number, output_url, error_message";
export type FilmStep = Pick<
  Generation,
  | "id"
  | "parent_id"
  | "kind"
  | "status"
  | "progress"
  | "current_step"
  | "scene_number"
  | "output_url"
  | "error_message"
>;

/**
 * A client that acts with an access token the app already holds (from Supabase Auth or a
 * third-party provider): no sign-in. PostgREST, Realtime and Storage all receive the token, so
 * row-level security judges every call as that user.
 */
export function connect(url: string, anonKey: string, accessToken: string): Client {
  return createClient<Database>(url, anonKey, { accessToken: async () => accessToken });
}

/**
 * Film a script: request_film checks the brand policy and the credits, creates the parent
 * `video` generation with every scene's jobs and holds their credits, in one transaction. The
 * same dedup key returns the same film instead of a second charge.
 */
export async function requestFilm(
  client: Client,
  scriptId: string,
  options: FilmOptions = {},
  dedupKey?: string,
): Promise<Generation> {
  const { data, error } = await client.rpc("request_film", {
    script_id: scriptId,
    options,
    dedup_key: dedupKey,
  });
  if (error) throw error;
  return data;
}

/**
 * The film's jobs as they are now, then every change as it happens. Subscribes before reading,
 * so no change falls between the read and the subscription. Realtime delivers only the rows
 * row-level security lets the caller read. Call `channel.unsubscribe()` when done.
 */
export async function watchFilm(
  client: Client,
  filmId: string,
  onChange: (step: FilmStep) => void,
): Promise<{ steps: FilmStep[]; channel: RealtimeChannel }> {
  const deliver = (payload: RealtimePostgresChangesPayload<Generation>) => {
    if (payload.eventType !== "DELETE") onChange(payload.new);
  };
  const channel = client.channel(`film:${filmId}`);
  for (const filter of [`id=eq.${filmId}`, `parent_id=eq.${filmId}`]) {
    channel.on<Generation>("postgres_changes", { event: "*", schema: "public", table: "generations", filter }, deliver);
  }
  await new Promise<void>((resolve, reject) => {
    channel.subscribe((status, err) => {
      if (status === "SUBSCRIBED") resolve();
      else if (status !== "CLOSED") reject(err ?? new Error(`realtime: ${status}`));
    });
  });
  const { data, error } = await client
    .from("generations")
    .select(FILM_STEP_COLUMNS)
    .or(`id.eq.${filmId},parent_id.eq.${filmId}`)
    .order("scene_number", { nullsFirst: true })
    .order("created_at");
  if (error) {
    await channel.unsubscribe();
    throw error;
  }
  return { steps: data, channel };
}

/**
 * Hybrid chapter search (words and meaning, reciprocal rank fusion) over what the caller may
 * read. `queryEmbedding` is the query's 384-dimension all-MiniLM-L6-v2 vector, the model the
 * chapters were embedded with; pgvector reads it in its text form, which is JSON's.
 */
export async function searchChapters(
  client: Client,
  query: string,
  queryEmbedding: number[],
  { organizationId, bookId, count = 10 }: { organizationId?: string; bookId?: string; count?: number } = {},
) {
  const { data, error } = await client.rpc("hybrid_search_chapters", {
    query_text: query,
    query_embedding: JSON.stringify(queryEmbedding),
    match_count: count,
    filter_organization_id: organizationId,
    filter_book_id: bookId,
  });
  if (error) throw error;
  return data.map((hit) => ({
    chapterId: hit.chapter_id,
    title: hit.title,
    score: hit.score,
    passage: hit.passage,
  }));
}

/** The chapters nearest in meaning alone, each through its nearest passage. */
export async function nearestChapters(
  client: Client,
  queryEmbedding: number[],
  { organizationId, projectId, count = 10 }: { organizationId?: string; projectId?: string; count?: number } = {},
) {
  const { data, error } = await client.rpc("match_chapters", {
    query_embedding: JSON.stringify(queryEmbedding),
    match_count: count,
    filter_organization_id: organizationId,
    filter_project_id: projectId,
  });
  if (error) throw error;
  return data;
}
