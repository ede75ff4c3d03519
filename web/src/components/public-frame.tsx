/** The frame of the pages before logging in (login, first run): the name, what it is, the language. */
import { Container, Group, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useI18n } from "../i18n/index.js";
import { LanguageSwitch } from "./language-switch.js";

export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Container size={480} py="lg">
      <Stack gap="lg">
        <Group justify="space-between" component="header">
          <Stack gap={0}>
            <Text component="span" fw={700} size="xl" c="#1f4f8a">
              {t("app.name")}
            </Text>
            <Text size="sm">{t("app.tagline")}</Text>
          </Stack>
          <LanguageSwitch />
        </Group>
        <main>{children}</main>
      </Stack>
    </Container>
  );
}
