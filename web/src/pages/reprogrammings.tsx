/**
 * Reprogramming requests of the institution (any member reads them): pending ones first, each
 * with its old and new months side by side; planners approve or reject with a comment. A page of
 * the API's list at a time (`page`/`pageSize`, src/contract/common.ts), «Cargar más» for the next.
 */
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea, Title } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Reprogramming, ReprogrammingPage, ReviewBody } from "../../../src/contract/reprogramming.js";
import { type ReprogrammingStatus, reprogrammingStatuses } from "../../../src/domain/reprogramming.js";
import { api, query } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { OldNewTable } from "../components/workflow/old-new-table.js";
import { useI18n } from "../i18n/index.js";
import { useAbilities } from "../roles.js";
import { Link } from "../router.js";
import { institutionPath } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

const PAGE_SIZE = 20;

function Review({ item, institutionId }: { item: Reprogramming; institutionId: string }) {
  const { t, formatters } = useI18n();
  const { institution } = useWorkspace();
  const { planner } = useAbilities();
  const client = useQueryClient();
  const [comment, setComment] = useState("");
  const review = useMutation({
    mutationFn: (action: "approve" | "reject") =>
      api(institutionPath(institutionId, `reprogrammings/${item.id}/${action}`), {
        method: "POST",
        body: (comment.trim() ? { comment } : {}) satisfies ReviewBody,
      }),
    onSuccess: () => client.invalidateQueries(),
  });
  const fmt = formatters(institution?.locale);
  const title = t("reprog.itemTitle", { activity: item.activity.name });
  return (
    <Card withBorder component="article" aria-label={title} tabIndex={-1}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            <Link to={`/activities/${item.activity.id}`}>{item.activity.name}</Link>
          </Title>
          <Badge variant="outline" color="gray.8">
            {t(`reprog.state.${item.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t("reprog.requestedBy", {
            unit: item.unit.name,
            name: item.requestedBy?.name ?? "—",
            at: fmt.dateTime(item.requestedAt),
          })}
        </Text>
        <Text>
          <strong>{t("reprog.justification")}:</strong> {item.justification}
        </Text>
        <OldNewTable oldValues={item.oldValues} newValues={item.newValues} fmt={fmt} label={title} />
        {item.reviewedBy && (
          <Text size="sm">
            {t("reprog.reviewedBy", { name: item.reviewedBy.name, at: fmt.dateTime(item.reviewedAt) })}
            {item.reviewComment ? ` — ${item.reviewComment}` : ""}
          </Text>
        )}
        {planner && item.status === "pending" && (
          <Stack gap="xs">
            <Textarea
              label={t("reprog.comment")}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              autosize
              minRows={1}
            />
            <ErrorAlert error={review.error} />
            <Group>
              <Button loading={review.isPending} onClick={() => review.mutate("approve")}>
                {t("reprog.approve")}
              </Button>
              <Button variant="default" loading={review.isPending} onClick={() => review.mutate("reject")}>
                {t("reprog.reject")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export function ReprogrammingsPage() {
  const { t, formatters } = useI18n();
  const { institution } = useWorkspace();
  const [status, setStatus] = useState<ReprogrammingStatus>("pending");
  const institutionId = institution?.id ?? "";
  const list = useInfiniteQuery({
    queryKey: ["reprogrammings", institutionId, status, "pages"],
    enabled: institution !== undefined,
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      api<ReprogrammingPage>(
        institutionPath(
          institutionId,
          `reprogrammings${query({ status, page: pageParam, pageSize: PAGE_SIZE })}`,
        ),
      ),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  // After a review the pages are read again and the list shifts: an item may come twice.
  const seen = new Set<string>();
  const items = (list.data?.pages ?? [])
    .flatMap((page) => page.items)
    .filter((item) => !seen.has(item.id) && seen.add(item.id));
  const total = list.data?.pages.at(-1)?.total ?? 0;
  const fmt = formatters(institution?.locale);
  // «Cargar más» moves the keyboard focus to the first request it brought.
  const listRef = useRef<HTMLDivElement>(null);
  const firstNew = useRef<number | null>(null);
  useEffect(() => {
    const index = firstNew.current;
    if (index === null || items.length <= index) return;
    firstNew.current = null;
    listRef.current?.querySelectorAll<HTMLElement>("article")[index]?.focus();
  });
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("reprog.title")}
      </Title>
      <SegmentedControl
        aria-label={t("reprog.filter")}
        value={status}
        onChange={(value) => setStatus(value as typeof status)}
        data={reprogrammingStatuses.map((value) => ({ value, label: t(`reprog.status.${value}`) }))}
        w="fit-content"
      />
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text>{t("reprog.none")}</Text>}
      {items.length > 0 && (
        <Text size="sm" role="status">
          {t("reprog.shown", { shown: fmt.quantity(items.length), total: fmt.quantity(total) })}
        </Text>
      )}
      <Stack gap="lg" ref={listRef}>
        {items.map((item) => (
          <Review key={item.id} item={item} institutionId={institutionId} />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Group>
          <Text size="sm">
            {t("reprog.shown", { shown: fmt.quantity(items.length), total: fmt.quantity(total) })}
          </Text>
          <Button
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => {
              firstNew.current = items.length;
              void list.fetchNextPage();
            }}
          >
            {t("reprog.more")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
