package io.switchboard.workspace;

import io.switchboard.auth.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/agents}. */
public record NewAgent(
        @NotBlank @Size(min = 2, max = 64) @Pattern(regexp = "[A-Za-z0-9._@+-]+", message = "may hold letters, digits and . _ @ + - only")
        String username,
        @NotBlank @Size(min = 4, max = 200) String password,
        @Size(max = 200) String displayName,
        @NotNull Role role) {
}
