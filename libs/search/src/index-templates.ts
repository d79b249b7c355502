import type { Client } from '@elastic/elasticsearch';

/** An index template: registered (create or update) at start-up by the service that writes the indices. */
export interface IndexTemplate {
  name: string;
  indexPatterns: string[];
  priority?: number;
  settings?: Record<string, unknown>;
  mappings: Record<string, unknown>;
}

export async function putIndexTemplates(client: Client, templates: readonly IndexTemplate[]): Promise<void> {
  for (const template of templates) {
    await client.indices.putIndexTemplate({
      name: template.name,
      index_patterns: template.indexPatterns,
      priority: template.priority ?? 100,
      template: { settings: template.settings, mappings: template.mappings },
    });
  }
}
