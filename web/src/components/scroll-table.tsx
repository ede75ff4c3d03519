/**
 * A table wider than the screen scrolls sideways in its own box, which keyboard users must be
 * able to reach (focusable, named) to scroll it with the arrow keys.
 */
import { Table } from "@mantine/core";
import type { ReactNode } from "react";

type Props = { label: string; minWidth: number; maxHeight?: number; children: ReactNode };

export function ScrollTable({ label, minWidth, maxHeight, children }: Props) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      {...(maxHeight ? { maxHeight } : {})}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </Table.ScrollContainer>
  );
}
