import pytest

from tests.factories import AdminFactory, ProductFactory, UserFactory


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path_factory):
    """Files a test stores (evidence, frozen committee packs) never land in the project's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agent(db):
    return UserFactory(first_name="Agathe", last_name="Lectrice")


@pytest.fixture
def editor(db):
    return UserFactory(first_name="Éric", last_name="Éditeur")


@pytest.fixture
def admin_user(db):
    return AdminFactory(first_name="Ada", last_name="Administratrice")


@pytest.fixture
def product(editor):
    return ProductFactory(name="Mon parcours", slug="mon-parcours", editors=[editor])


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
