import { contrastRatio, shade } from "@/lib/admin/colors";

/**
 * The ente's primary colour as the theme's CSS variables (the admin saves only colours with at least 4.5:1
 * contrast against white text). Put it in a layout under the header; an invalid value changes nothing.
 */
export function EnteTheme({ primaryColor }: { primaryColor: string }) {
  if (!/^#[0-9a-fA-F]{6}$/.test(primaryColor) || contrastRatio(primaryColor, "#ffffff") < 4.5) return null;
  const css = `:root{--color-primary:${primaryColor};--color-primary-dark:${shade(primaryColor, 0.25)};--color-primary-darker:${shade(primaryColor, 0.5)};--color-primary-light:${shade(primaryColor, -0.9)}}`;
  return <style>{css}</style>;
}
