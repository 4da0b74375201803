package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ToolTaxonomyTest {
  private final ToolTaxonomy taxonomy = new ToolTaxonomy();

  @Test
  void namesSayWhatToolsDo() {
    assertThat(taxonomy.roles("send_email", null)).containsExactly(ToolRole.EXTERNAL_SINK);
    assertThat(taxonomy.roles("postToSlack", null)).contains(ToolRole.EXTERNAL_SINK);
    assertThat(taxonomy.roles("query_customers", null)).containsExactly(ToolRole.PRIVATE_DATA);
    assertThat(taxonomy.roles("db_query", null)).containsExactly(ToolRole.PRIVATE_DATA);
    assertThat(taxonomy.roles("fetch_url", null)).containsExactly(ToolRole.UNTRUSTED_CONTENT);
    assertThat(taxonomy.roles("get_weather", null)).isEmpty();
    assertThat(taxonomy.roles("write_file", null)).isEmpty();
    assertThat(taxonomy.roles("get_emails", null)).containsExactly(ToolRole.PRIVATE_DATA);
  }

  @Test
  void annotationsAddRoles() throws Exception {
    var openWorldWriter = new ObjectMapper().readTree("{\"annotations\":{\"openWorldHint\":true,\"readOnlyHint\":false}}");
    var openWorldReader = new ObjectMapper().readTree("{\"annotations\":{\"openWorldHint\":true,\"readOnlyHint\":true}}");
    assertThat(taxonomy.roles("do_it", openWorldWriter)).containsExactly(ToolRole.EXTERNAL_SINK);
    assertThat(taxonomy.roles("do_it", openWorldReader)).containsExactly(ToolRole.UNTRUSTED_CONTENT);
  }
}
