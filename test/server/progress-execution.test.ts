/**
 * Recording a progress activity (% complete at each month's end): a value below an earlier
 * month's is recorded with a warning that says so (a decrease may be a correction), never
 * silently; a quantity activity's lower month is no warning.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildExecutionWorld, call, type ExecutionWorld } from "../helpers/execution-world.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

const url = (month: number, activityId: string) =>
  `${world.base}/activities/${activityId}/execution/${month}`;
const put = (month: number, activityId: string, value: number | null, version = 0) =>
  call(server.app, world.clients.editor, "PUT", url(month, activityId), { value, version });

describe("progress entries: a decrease is a warning", () => {
  it("records 15 % in February after 20 % in January, saying the progress went down", async () => {
    const january = await put(1, world.progress.id, 20);
    expect(january.statusCode).toBe(200);
    expect(january.json().warning).toBeUndefined();
    const february = await put(2, world.progress.id, 15);
    expect(february.statusCode).toBe(200);
    expect(february.json()).toMatchObject({
      month: 2,
      value: 15,
      warning: {
        code: "progress_decrease",
        params: { month: 2, previousMonth: 1, previous: 20 },
      },
    });
    expect(february.json().warning.detail).toContain(
      "el avance bajó: 15 % en febrero, después de 20 % en enero",
    );
    // Equal or higher: no warning; a month with nothing before it: none either.
    expect((await put(3, world.progress.id, 20)).json().warning).toBeUndefined();
    expect((await put(4, world.progress.id, 35)).json().warning).toBeUndefined();
  });

  it("a quantity activity's lower month is no warning (its months add up)", async () => {
    expect((await put(1, world.activity.id, 8)).statusCode).toBe(200);
    const lower = await put(2, world.activity.id, 3);
    expect(lower.statusCode).toBe(200);
    expect(lower.json().warning).toBeUndefined();
  });
});
