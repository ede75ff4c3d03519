/** `POST /api/demo` («Cargar ejemplo»): where the sample institution's dashboard opens. */
import { z } from "zod";

export const Demo = z.object({
  institutionId: z.string(),
  planId: z.string(),
  period: z
    .literal("Q1")
    .describe("The period the dashboard opens at: the sample POI's last reported quarter"),
  created: z.boolean().describe("false: the demo already existed and was left as it is"),
});
export type Demo = z.infer<typeof Demo>;
